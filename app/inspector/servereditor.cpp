#include "servereditor.h"

namespace infrastage::gui {

ServerEditor::ServerEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Server, editor, parent) {
    build({{tr("Host"), {QStringLiteral("ip"), QStringLiteral("zone")}}});
}

} // namespace infrastage::gui
