#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for an Nginx-style web server inside a server.
class WebEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit WebEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
