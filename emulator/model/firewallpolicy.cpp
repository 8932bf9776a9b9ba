#include "firewallpolicy.h"

#include "designaddress.h"
#include "firewallrulesyntax.h"
#include "topologydata.h"

#include <QSet>

namespace infrastage {

QString firewallActionName(FirewallAction action) {
    switch (action) {
    case FirewallAction::Accept:
        return QStringLiteral("accept");
    case FirewallAction::Drop:
        return QStringLiteral("drop");
    case FirewallAction::Reject:
        return QStringLiteral("reject");
    }
    return QString();
}

bool firewallActionFromName(const QString &name, FirewallAction *action) {
    for (FirewallAction a :
         {FirewallAction::Accept, FirewallAction::Drop, FirewallAction::Reject}) {
        if (name == firewallActionName(a)) {
            *action = a;
            return true;
        }
    }
    return false;
}

QString FirewallPolicy::describe(int index) const {
    if (index < 0 || index >= rules.size())
        return QStringLiteral("%1 policy: %2").arg(firewall, firewallActionName(policy));
    const FilterRule &r = rules.at(index);
    QString s = QStringLiteral("%1 rule %2: %3")
                    .arg(firewall)
                    .arg(index + 1)
                    .arg(firewallActionName(r.action));
    if (!r.ports.isEmpty()) {
        QStringList p;
        for (int port : r.ports)
            p.append(QString::number(port));
        s += QStringLiteral(" tcp dport ") + p.join(QLatin1Char(','));
    }
    QStringList from = r.sources;
    if (r.internet)
        from.append(QStringLiteral("internet"));
    if (!from.isEmpty())
        s += QStringLiteral(" from ") + from.join(QLatin1Char(','));
    if (!r.why.isEmpty())
        s += QStringLiteral(" (%1)").arg(r.why);
    return s;
}

FirewallAction FirewallPolicy::decide(const QString &sourceHost, int port, int *rule) const {
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const FilterRule &r = rules.at(i);
        const bool source =
            r.anySource() || (sourceHost.isEmpty() ? r.internet : r.sources.contains(sourceHost));
        if (source && (r.ports.isEmpty() || r.ports.contains(port))) {
            if (rule)
                *rule = int(i);
            return r.action;
        }
    }
    if (rule)
        *rule = -1;
    return policy;
}

namespace {

// The databases that replicate to or from `db`, itself included: a failover can move the
// primary to any of them, so whoever may reach one may reach all.
QList<const Node *> replicationGroup(const TopologyData &t, const Node &db) {
    QList<const Node *> group{&db};
    for (qsizetype i = 0; i < group.size(); ++i) {
        const QString id = group.at(i)->id;
        QList<const Link *> links = t.linksFrom(id);
        links.append(t.linksTo(id));
        for (const Link *l : links) {
            const Node *other = t.node(l->from == id ? l->to : l->from);
            if (l->kind == LinkKind::Replication && other && !group.contains(other))
                group.append(other);
        }
    }
    return group;
}

// Traffic into `server` that the design's links need, grouped by port and reason, in the
// order the nftables export has always listed it.
void addNeededRules(const TopologyData &t, const Node &server, QList<FilterRule> *rules) {
    auto add = [&](const Node &from, qint64 port, const QString &why) {
        const Node *src = t.host(from);
        if (!src || src->id == server.id || src->text(QStringLiteral("ip")).isEmpty())
            return;
        for (FilterRule &r : *rules) {
            if (r.ports == QList<int>{int(port)} && r.why == why) {
                if (!r.sources.contains(src->id))
                    r.sources.append(src->id);
                return;
            }
        }
        rules->append({FirewallAction::Accept, {src->id}, false, {int(port)}, why});
    };
    for (const Node *c : t.children(server.id)) {
        const qint64 port = c->number(QStringLiteral("port"));
        for (const Link *l : t.linksTo(c->id)) {
            const Node *from = t.node(l->from);
            if (!from)
                continue;
            if (l->kind == LinkKind::Backend)
                add(*from, port, QStringLiteral("load balancer -> web server"));
            else if (l->kind == LinkKind::Upstream)
                add(*from, port, QStringLiteral("web server -> application server"));
        }
        if (c->kind != NodeKind::Database)
            continue;
        const QList<const Node *> group = replicationGroup(t, *c);
        for (const Node *db : group) {
            for (const Link *l : t.linksTo(db->id)) {
                const Node *from = t.node(l->from);
                if (from && l->kind == LinkKind::Data)
                    add(*from, port, QStringLiteral("application -> database"));
            }
        }
        // Replicas connect to their primary; after a failover the roles are swapped.
        for (const Node *db : group) {
            if (db != c)
                add(*db, port, QStringLiteral("replication"));
        }
    }
    // Prometheus scrapes the node exporter (9100), a database's exporter (9104) and the web
    // and application servers' own /metrics.
    QList<int> scraped;
    for (const Node *c : t.children(server.id)) {
        const int port = c->kind == NodeKind::Database ? FirewallPolicies::kMysqldExporterPort
                                                       : int(c->number(QStringLiteral("port")));
        if (port > 0 && !scraped.contains(port))
            scraped.append(port);
    }
    scraped.append(FirewallPolicies::kNodeExporterPort);
    for (const Node &n : t.nodes()) {
        if (n.kind != NodeKind::Monitoring || !n.parent.isEmpty() ||
            n.text(QStringLiteral("ip")).isEmpty())
            continue;
        if (!rules->isEmpty() && rules->last().why == QLatin1String("monitoring -> metrics"))
            rules->last().sources.append(n.id);
        else
            rules->append({FirewallAction::Accept,
                           {n.id},
                           false,
                           scraped,
                           QStringLiteral("monitoring -> metrics")});
    }
}

bool passesThrough(NodeKind kind) {
    return kind != NodeKind::Client && kind != NodeKind::Firewall && kind != NodeKind::Monitoring;
}

} // namespace

namespace FirewallPolicies {

FirewallPolicy derive(const TopologyData &t, const Node &fw, QStringList *errors) {
    FirewallPolicy p;
    p.firewall = fw.id;
    p.name = fw.name;
    p.edge = fw.parent.isEmpty();
    if (!firewallActionFromName(fw.text(QStringLiteral("policy")), &p.policy))
        p.policy = FirewallAction::Drop;
    const Node *server = p.edge ? nullptr : t.node(fw.parent);
    if (p.edge) {
        QList<const Link *> links = t.linksFrom(fw.id);
        links.append(t.linksTo(fw.id));
        for (const Link *l : links) {
            const Node *other = t.node(l->from == fw.id ? l->to : l->from);
            if (l->kind == LinkKind::Network && other && passesThrough(other->kind) &&
                !p.hosts.contains(other->id))
                p.hosts.append(other->id);
        }
    } else if (server) {
        p.hosts.append(server->id);
    }
    FirewallRuleSyntax::parse(t, fw, p.hosts, &p.rules, errors);
    QList<int> open;
    if (parsePortList(fw.text(QStringLiteral("allow")), &open) && !open.isEmpty())
        p.rules.append(
            {FirewallAction::Accept, {}, false, open, QStringLiteral("open to the Internet")});
    if (server)
        addNeededRules(t, *server, &p.rules);
    return p;
}

QList<FirewallPolicy> derive(const TopologyData &t, QStringList *errors) {
    QList<FirewallPolicy> out;
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Firewall)
            out.append(derive(t, n, errors));
    }
    return out;
}

bool crosses(const TopologyData &t, const FirewallPolicy &policy, const QString &sourceHost,
             const QString &targetHost) {
    if (!policy.edge)
        return true; // a host firewall sees everything that reaches its host
    if (sourceHost == targetHost)
        return false;
    // Walk the design's links from the target, never through the firewall.
    QSet<QString> seen{targetHost};
    QStringList queue{targetHost};
    while (!queue.isEmpty()) {
        const QString id = queue.takeFirst();
        QList<const Node *> around{t.node(id)};
        around.append(t.children(id));
        for (const Node *n : around) {
            if (!n)
                continue;
            QList<const Link *> links = t.linksFrom(n->id);
            links.append(t.linksTo(n->id));
            for (const Link *l : links) {
                const Node *other = t.node(l->from == n->id ? l->to : l->from);
                const Node *host = other ? t.host(*other) : nullptr;
                if (!host || host->id == policy.firewall || seen.contains(host->id))
                    continue;
                if (host->id == sourceHost)
                    return false;
                seen.insert(host->id);
                queue.append(host->id);
            }
        }
    }
    return true;
}

} // namespace FirewallPolicies

} // namespace infrastage
