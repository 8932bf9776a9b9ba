#include "firewalleditor.h"

namespace infrastage::gui {

FirewallEditor::FirewallEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Firewall, editor, parent) {
    build({{tr("Rules"),
            {QStringLiteral("policy"), QStringLiteral("allow"), QStringLiteral("rules")}},
           {tr("Address"), {QStringLiteral("ip")}}});
}

} // namespace infrastage::gui
