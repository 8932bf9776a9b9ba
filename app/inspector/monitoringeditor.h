#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a monitoring system or agent.
class MonitoringEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit MonitoringEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
