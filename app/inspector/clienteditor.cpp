#include "clienteditor.h"

namespace infrastage::gui {

ClientEditor::ClientEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Client, editor, parent) {
    build({});
}

} // namespace infrastage::gui
