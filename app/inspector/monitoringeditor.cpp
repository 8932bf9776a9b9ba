#include "monitoringeditor.h"

namespace infrastage::gui {

MonitoringEditor::MonitoringEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Monitoring, editor, parent) {
    build({{tr("Monitoring"), {QStringLiteral("tool"), QStringLiteral("scrape_interval")}},
           {tr("Alert rules"),
            {QStringLiteral("alert_for"), QStringLiteral("error_ratio"),
             QStringLiteral("latency_p95"), QStringLiteral("lag_threshold")}},
           {tr("Address"), {QStringLiteral("ip")}}});
}

} // namespace infrastage::gui
