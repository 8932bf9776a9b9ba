#include "monitoringeditor.h"

namespace infrastage::gui {

MonitoringEditor::MonitoringEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Monitoring, editor, parent) {
    build({{tr("Monitoring"), {QStringLiteral("tool"), QStringLiteral("scrape_interval")}},
           {tr("Address"), {QStringLiteral("ip")}}});
}

} // namespace infrastage::gui
