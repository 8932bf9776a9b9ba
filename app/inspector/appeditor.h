#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for an application server inside a server.
class AppEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit AppEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
