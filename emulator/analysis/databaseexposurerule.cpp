#include "databaseexposurerule.h"

#include "analysiscontext.h"
#include "model/firewallpolicy.h"

#include <QStringBuilder>

namespace infrastage {

namespace {

// Whether a firewall in front of `host` lets the Internet in on `port`, by the rules the
// emulator enforces and the nftables export writes (FirewallPolicies).
bool firewallsAllow(const AnalysisContext &c, const Node &host, int port) {
    QList<const Node *> walls = c.guards(host.id);
    if (const Node *own = c.component(host.id, NodeKind::Firewall))
        walls.append(own);
    for (const Node *fw : walls) {
        if (FirewallPolicies::derive(c.topology(), *fw).decide(QString(), port) ==
            FirewallAction::Accept)
            return true;
    }
    return false;
}

} // namespace

void DatabaseExposureRule::check(const AnalysisContext &c, Findings *findings) const {
    for (const Node &n : c.topology().nodes()) {
        if (n.kind != NodeKind::Database || n.parent.isEmpty())
            continue;
        const Node &host = c.hostOf(n);
        const int port = int(n.number(QStringLiteral("port")));
        const bool firewalled = c.isFirewalled(host);
        if (firewalled && !firewallsAllow(c, host, port))
            continue;
        // Texts joined with QStringBuilder rather than arg(): one per database per analysis.
        findings->append(
            {QStringLiteral("security.database-exposed"),
             FindingCategory::Security,
             Severity::Warning,
             {n.id, host.id},
             u"The database " % c.label(n.id) % u" can be reached from outside",
             firewalled
                 ? QStringLiteral("The firewall of %1 lets port %2 in from the Internet: anyone "
                                  "can try passwords against the database or exploit it.")
                       .arg(c.label(host.id))
                       .arg(port)
                 : u"Nothing stops a connection from the Internet to port " %
                       QString::number(port) % u" on " % c.label(host.id) %
                       u": anyone can try passwords against the database or exploit it.",
             QStringLiteral("Allow the database port only from the application servers (network "
                            "segmentation and firewall rules), and encrypt database connections."),
             QStringLiteral("add-firewall")});
    }
}

} // namespace infrastage
