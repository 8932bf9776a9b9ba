#include "firewallrule.h"

#include "analysiscontext.h"

namespace infrastage {

void FirewallRule::check(const AnalysisContext &c, Findings *findings) const {
    QStringList open;
    QStringList names;
    for (const Node *h : c.serviceHosts()) {
        if (!c.isFirewalled(*h)) {
            open.append(h->id);
            names.append(h->name.isEmpty() ? h->id : h->name);
        }
    }
    if (!open.isEmpty()) {
        findings->append(
            {QStringLiteral("security.no-firewall"), FindingCategory::Security, Severity::Warning,
             open,
             open.size() == c.serviceHosts().size()
                 ? QStringLiteral("No firewall protects the infrastructure")
                 : QStringLiteral("No firewall protects %1").arg(names.join(QStringLiteral(", "))),
             QStringLiteral("%1 can be reached directly from the Internet on every port they "
                            "listen on: the application servers and the databases are exposed to "
                            "attacks, not just the web port.")
                 .arg(names.join(QStringLiteral(", "))),
             QStringLiteral("Put a firewall in front of the load balancer and a host firewall on "
                            "each server that allows only the ports the design needs (80 and 443 "
                            "from outside, the database port only from the application servers)."),
             QStringLiteral("add-firewall")});
    }
    for (const Node &n : c.topology().nodes()) {
        if (n.kind == NodeKind::Firewall &&
            n.text(QStringLiteral("policy")) == QLatin1String("accept"))
            findings->append(
                {QStringLiteral("security.firewall-open"),
                 FindingCategory::Security,
                 Severity::Warning,
                 {n.id},
                 QStringLiteral("The firewall %1 lets everything through").arg(c.label(n.id)),
                 QStringLiteral("Its default policy is accept, so it blocks nothing that is not "
                                "explicitly denied."),
                 QStringLiteral("Set the default policy to drop and allow only the ports needed."),
                 QString()});
    }
}

} // namespace infrastage
