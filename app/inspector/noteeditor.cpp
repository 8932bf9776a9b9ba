#include "noteeditor.h"

namespace infrastage::gui {

NoteEditor::NoteEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Note, editor, parent) {
    build({{tr("Note"), {QStringLiteral("text")}}});
}

} // namespace infrastage::gui
