#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a text note on the canvas.
class NoteEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit NoteEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
