#include "webeditor.h"

namespace infrastage::gui {

WebEditor::WebEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Web, editor, parent) {
    build({{tr("Nginx"), {QStringLiteral("port"), QStringLiteral("server_name")}}});
}

} // namespace infrastage::gui
