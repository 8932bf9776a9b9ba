#include "dnseditor.h"

namespace infrastage::gui {

DnsEditor::DnsEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Dns, editor, parent) {
    build({{tr("Address"), {QStringLiteral("ip"), QStringLiteral("port")}},
           {tr("Records"), {QStringLiteral("ttl")}}});
}

} // namespace infrastage::gui
