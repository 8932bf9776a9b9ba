#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a user's computer and browser.
class ClientEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit ClientEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
