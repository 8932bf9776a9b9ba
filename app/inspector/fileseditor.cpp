#include "fileseditor.h"

namespace infrastage::gui {

FilesEditor::FilesEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Files, editor, parent) {
    build({{tr("Files"), {QStringLiteral("root"), QStringLiteral("site")}}});
}

} // namespace infrastage::gui
