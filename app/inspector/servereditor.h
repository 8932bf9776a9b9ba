#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a server host: its address and zone (its components have their own editors).
class ServerEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit ServerEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
