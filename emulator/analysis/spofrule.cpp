#include "spofrule.h"

#include "analysiscontext.h"
#include "pathanalysis.h"

#include <QSet>

namespace infrastage {

namespace {

struct Wording {
    QString rule;
    QString title;
    QString explanation;
    QString fix;
    QString fixId;
    Severity severity = Severity::Error;
};

QString pathWords(bool read, bool write) {
    if (read && write)
        return QStringLiteral("no user gets a page and no write is saved");
    return read ? QStringLiteral("no user gets a page") : QStringLiteral("no write can be saved");
}

Wording nodeWording(const AnalysisContext &c, const Node &n, bool read, bool write) {
    const QString who = c.label(n.id);
    const QString breaks = pathWords(read, write);
    switch (n.kind) {
    case NodeKind::LoadBalancer:
        return {QStringLiteral("spof.load-balancer"),
                QStringLiteral("The load balancer %1 is a single point of failure").arg(who),
                QStringLiteral("Every request passes through %1. If it fails, %2, even though "
                               "the servers behind it are healthy.")
                    .arg(who, breaks),
                QStringLiteral("Add a second load balancer that shares a virtual IP with this "
                               "one (an active-passive pair with keepalived/VRRP)."),
                QStringLiteral("add-lb-pair")};
    case NodeKind::Dns:
        return {QStringLiteral("spof.dns"),
                QStringLiteral("The DNS server %1 is a single point of failure").arg(who),
                QStringLiteral("Users find the site only through %1. If it stops answering, "
                               "browsers cannot resolve the name and %2.")
                    .arg(who, breaks),
                QStringLiteral("Serve the records from a second DNS server (registrars and DNS "
                               "providers give several name servers)."),
                QString(),
                Severity::Warning};
    case NodeKind::Firewall:
        return {QStringLiteral("spof.firewall"),
                QStringLiteral("The firewall %1 is a single point of failure").arg(who),
                QStringLiteral("All traffic crosses %1; if it fails, %2.").arg(who, breaks),
                QStringLiteral("Use a redundant firewall pair, or host firewalls on each "
                               "machine."),
                QString()};
    case NodeKind::Server:
        return {QStringLiteral("spof.server"),
                QStringLiteral("The server %1 is a single point of failure").arg(who),
                QStringLiteral("Every request needs %1 (or something running on it). If the "
                               "machine goes down, %2.")
                    .arg(who, breaks),
                QStringLiteral("Run a second server with the same components behind a load "
                               "balancer."),
                QString()};
    case NodeKind::Database:
        if (write && !read)
            return {QStringLiteral("spof.primary-database"),
                    QStringLiteral("The primary database %1 is a single point of failure for "
                                   "writes")
                        .arg(who),
                    QStringLiteral("All writes go to %1. If it fails, reads can still be served "
                                   "by replicas, but no write is possible until someone "
                                   "promotes a replica by hand.")
                        .arg(who),
                    QStringLiteral("Enable automatic failover so that a replica is promoted to "
                                   "primary when the primary is lost (with fencing of the old "
                                   "primary)."),
                    QStringLiteral("enable-failover")};
        return {QStringLiteral("spof.database"),
                QStringLiteral("The database %1 is a single point of failure").arg(who),
                QStringLiteral("Every request needs %1; if it fails, %2.").arg(who, breaks),
                QStringLiteral("Add a replica that can serve reads and be promoted."), QString()};
    default:
        return {QStringLiteral("spof.%1").arg(nodeKindName(n.kind)),
                QStringLiteral("The %1 %2 is a single point of failure")
                    .arg(nodeKindLabel(n.kind), who),
                QStringLiteral("Every request needs %1; if it fails, %2.").arg(who, breaks),
                QStringLiteral("Run a second one on another server."), QString()};
    }
}

Wording linkWording(const Link &l, bool toInternet, bool read, bool write) {
    const QString label = l.text(QStringLiteral("label"));
    const QString what = label.isEmpty() ? QStringLiteral("'%1'").arg(l.id)
                                         : QStringLiteral("'%1' (%2)").arg(label, l.id);
    if (l.kind == LinkKind::Network && toInternet)
        return {QStringLiteral("spof.network-link"),
                QStringLiteral("The network connection %1 is a single point of failure").arg(what),
                QStringLiteral("Users reach the site over this one connection. If it fails "
                               "(a cut cable, an ISP outage), %1.")
                    .arg(pathWords(read, write)),
                QStringLiteral("Add a second connection through another provider, with "
                               "failover between them."),
                QStringLiteral("add-second-link")};
    if (l.kind == LinkKind::Network)
        return {QStringLiteral("spof.network-link"),
                QStringLiteral("The network connection %1 is a single point of failure").arg(what),
                QStringLiteral("All users' traffic crosses this one connection. If it fails (a "
                               "cut cable, a dead switch port), %1.")
                    .arg(pathWords(read, write)),
                QStringLiteral("Add a second connection between the same two machines (a "
                               "second cable and interface, bonded)."),
                QStringLiteral("add-second-link")};
    return {QStringLiteral("spof.link"),
            QStringLiteral("The %1 link %2 is a single point of failure")
                .arg(linkKindLabel(l.kind), what),
            QStringLiteral("Every request crosses this link; if it fails, %1.")
                .arg(pathWords(read, write)),
            QStringLiteral("Add a second path between these tiers."), QString()};
}

} // namespace

void SpofRule::check(const AnalysisContext &c, Findings *findings) const {
    const TopologyData &t = c.topology();
    const PathAnalysis read = analyzePath(c, PathKind::Read);
    const PathAnalysis write = analyzePath(c, PathKind::Write);
    if (!read.exists) {
        findings->append({QStringLiteral("consistency.no-read-path"),
                          FindingCategory::Consistency,
                          Severity::Error,
                          {},
                          QStringLiteral("No request can get a page"),
                          QStringLiteral("There is no working path from the user through DNS, a "
                                         "load balancer or web server and an application to a "
                                         "response, even with everything up."),
                          QStringLiteral("Connect the pieces: a DNS record to the entry point, "
                                         "backends from the load balancer to web servers, "
                                         "upstreams to application servers."),
                          QString()});
    }
    if (write.applicable && !write.exists && read.exists) {
        findings->append({QStringLiteral("consistency.no-write-path"),
                          FindingCategory::Consistency,
                          Severity::Error,
                          {},
                          QStringLiteral("No write can reach a primary database"),
                          QStringLiteral("No application server has a write (or read-write) data "
                                         "link to a primary database that users can reach."),
                          QStringLiteral("Add a data link with write access from the application "
                                         "servers to the primary."),
                          QString()});
    }
    const QSet<QString> readSet(read.spofs.cbegin(), read.spofs.cend());
    const QSet<QString> writeSet(write.spofs.cbegin(), write.spofs.cend());
    QStringList all = read.spofs;
    for (const QString &id : write.spofs) {
        if (!readSet.contains(id))
            all.append(id);
    }
    const QSet<QString> allSet(all.cbegin(), all.cend());
    for (const QString &id : all) {
        const bool r = readSet.contains(id);
        const bool w = writeSet.contains(id);
        QStringList nodes{id};
        Wording words;
        if (const Node *n = t.node(id)) {
            // A component on a failing server is reported with the server, except a database
            // that only writes depend on: that is the primary's own lesson.
            if (!n->parent.isEmpty() && allSet.contains(n->parent)) {
                const bool parentCovers =
                    (!r || readSet.contains(n->parent)) && (!w || writeSet.contains(n->parent));
                const bool primaryLesson = n->kind == NodeKind::Database && w && !r;
                if (parentCovers && !primaryLesson)
                    continue;
            }
            if (n->kind == NodeKind::Server && !r && w) {
                bool viaDatabase = false;
                for (const Node *comp : c.components(id))
                    viaDatabase = viaDatabase ||
                                  (comp->kind == NodeKind::Database && writeSet.contains(comp->id));
                if (viaDatabase)
                    continue; // said by the primary-database finding, which names the server
            }
            if (n->kind == NodeKind::Database && !n->parent.isEmpty())
                nodes.append(n->parent);
            words = nodeWording(c, *n, r, w);
        } else if (const Link *l = t.link(id)) {
            // An end may be missing in an invalid model (duplicate or dangling ids).
            auto hostNamed = [&](const QString &end) {
                const Node *n = t.node(end);
                return n && allSet.contains(c.hostOf(*n).id);
            };
            if (l->kind != LinkKind::Network &&
                (allSet.contains(l->from) || allSet.contains(l->to) || hostNamed(l->from) ||
                 hostNamed(l->to)))
                continue; // an end of the link is already named
            nodes = QStringList{l->from, l->to, l->id};
            const Node *a = t.node(l->from);
            const Node *b = t.node(l->to);
            const bool toInternet =
                (a && a->kind == NodeKind::Client) || (b && b->kind == NodeKind::Client);
            words = linkWording(*l, toInternet, r, w);
        } else {
            continue;
        }
        findings->append({words.rule, FindingCategory::Spof, words.severity, nodes, words.title,
                          words.explanation, words.fix, words.fixId});
    }
}

} // namespace infrastage
