#include "monitoringrule.h"

#include "analysiscontext.h"

namespace infrastage {

void MonitoringRule::check(const AnalysisContext &c, Findings *findings) const {
    bool anyMonitoring = false;
    for (const Node &n : c.topology().nodes())
        anyMonitoring = anyMonitoring || n.kind == NodeKind::Monitoring;
    QStringList blind;
    QStringList names;
    for (const Node *h : c.serviceHosts()) {
        if (!c.isMonitored(*h)) {
            blind.append(h->id);
            names.append(h->name.isEmpty() ? h->id : h->name);
        }
    }
    if (blind.isEmpty())
        return;
    if (!anyMonitoring) {
        findings->append(
            {QStringLiteral("monitoring.none"), FindingCategory::Monitoring, Severity::Warning,
             blind, QStringLiteral("Nothing is monitored"),
             QStringLiteral("No one will know that a server is failing, that responses are slow "
                            "or that a disk is filling up until users complain: no health "
                            "metrics, no alerts, no logs collected, no data for capacity "
                            "planning."),
             QStringLiteral("Add a monitoring system (for example Prometheus) with an agent on "
                            "every server, and alert on health, latency and errors."),
             QStringLiteral("add-monitoring")});
        return;
    }
    findings->append(
        {QStringLiteral("monitoring.unmonitored-host"), FindingCategory::Monitoring,
         Severity::Warning, blind,
         QStringLiteral("Not monitored: %1").arg(names.join(QStringLiteral(", "))),
         QStringLiteral("These hosts have no monitoring agent and no monitoring system watches "
                        "them: their failures and slowdowns go unnoticed."),
         QStringLiteral("Install a monitoring agent on each of them, or link them to the "
                        "monitoring system."),
         QStringLiteral("add-monitoring")});
}

} // namespace infrastage
