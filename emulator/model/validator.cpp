#include "validator.h"

#include "designaddress.h"
#include "kindspec.h"
#include "topologydata.h"

#include <QSet>

namespace infrastage {

QString ValidationIssue::toString() const {
    QString where;
    if (!nodeId.isEmpty())
        where = QStringLiteral("node '%1'").arg(nodeId);
    else if (!linkId.isEmpty())
        where = QStringLiteral("link '%1'").arg(linkId);
    if (!field.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(", ")) +
                 QStringLiteral("field '%1'").arg(field);
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

bool hasStructuralIssue(const ValidationIssues &issues) {
    for (const ValidationIssue &i : issues) {
        if (i.structural)
            return true;
    }
    return false;
}

namespace {

// [A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}, checked by hand: ids are checked for every node on
// every analysis, so this is a hot path.
bool validId(const QString &id) {
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (qsizetype i = 0; i < id.size(); ++i) {
        const char16_t c = id.at(i).unicode();
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                           (c >= u'0' && c <= u'9') || c == u'_';
        if (!alnum && (i == 0 || (c != u'.' && c != u':' && c != u'-')))
            return false;
    }
    return true;
}

class Checker {
public:
    explicit Checker(const TopologyData &t)
        : m_t(t) {}

    ValidationIssues run() {
        checkIds();
        for (const Node &n : m_t.nodes())
            checkNode(n);
        checkAddresses();
        checkPorts();
        for (const Link &l : m_t.links())
            checkLink(l);
        checkReplication();
        return m_issues;
    }

private:
    void node(const QString &id, const QString &field, const QString &msg, bool structural = true) {
        m_issues.append({id, QString(), field, msg, structural});
    }
    void link(const QString &id, const QString &field, const QString &msg, bool structural = true) {
        m_issues.append({QString(), id, field, msg, structural});
    }

    void checkIds() {
        QSet<QString> seen;
        for (const Node &n : m_t.nodes()) {
            if (!validId(n.id))
                node(n.id, QStringLiteral("id"),
                     QStringLiteral("'%1' is not a valid id (letters, digits, '_', '-', '.', "
                                    "':', at most 64)")
                         .arg(n.id));
            else if (seen.contains(n.id))
                node(n.id, QStringLiteral("id"), QStringLiteral("duplicate id '%1'").arg(n.id));
            seen.insert(n.id);
        }
        for (const Link &l : m_t.links()) {
            if (!validId(l.id))
                link(l.id, QStringLiteral("id"),
                     QStringLiteral("'%1' is not a valid id").arg(l.id));
            else if (seen.contains(l.id))
                link(l.id, QStringLiteral("id"),
                     QStringLiteral("duplicate id '%1' (ids are shared by nodes and links)")
                         .arg(l.id));
            seen.insert(l.id);
        }
    }

    void checkNode(const Node &n) {
        const NodeKindSpec &spec = nodeKindSpec(n.kind);
        if (n.name.size() > 200)
            node(n.id, QStringLiteral("name"),
                 QStringLiteral("name is longer than 200 characters"));
        if (!n.parent.isEmpty()) {
            const Node *p = m_t.node(n.parent);
            if (spec.placement == Placement::Host)
                node(n.id, QStringLiteral("parent"),
                     QStringLiteral("a %1 is a host of its own and cannot be placed inside '%2'")
                         .arg(nodeKindLabel(n.kind), n.parent));
            else if (!p)
                node(n.id, QStringLiteral("parent"),
                     QStringLiteral("parent '%1' does not exist").arg(n.parent));
            else if (p->kind != NodeKind::Server)
                node(n.id, QStringLiteral("parent"),
                     QStringLiteral("a %1 can only be placed inside a server; '%2' is a %3")
                         .arg(nodeKindLabel(n.kind), p->id, nodeKindLabel(p->kind)));
        } else if (spec.placement == Placement::Component) {
            node(n.id, QStringLiteral("parent"),
                 QStringLiteral("a %1 must be placed inside a server").arg(nodeKindLabel(n.kind)));
        }
        for (const PropertySpec &p : spec.properties) {
            if (!n.properties.contains(p.key)) {
                node(n.id, p.key, QStringLiteral("missing"));
                continue;
            }
            const QString why = checkPropertyValue(p, n.properties.value(p.key));
            if (!why.isEmpty())
                node(n.id, p.key, why);
        }
        for (auto it = n.properties.cbegin(); it != n.properties.cend(); ++it) {
            if (!spec.property(it.key()))
                node(n.id, it.key(),
                     QStringLiteral("a %1 has no property '%2'")
                         .arg(nodeKindLabel(n.kind), it.key()));
        }
        const bool standalone = n.parent.isEmpty();
        if (standalone && (n.kind == NodeKind::Firewall || n.kind == NodeKind::Monitoring) &&
            n.text(QStringLiteral("ip")).isEmpty())
            node(n.id, QStringLiteral("ip"),
                 QStringLiteral("a standalone %1 needs a design IP").arg(nodeKindLabel(n.kind)));
    }

    void checkAddresses() {
        QHash<QString, QString> owner; // design IP -> node id
        for (const Node &n : m_t.nodes()) {
            if (!n.parent.isEmpty())
                continue;
            const QString ip = n.text(QStringLiteral("ip"));
            if (ip.isEmpty() || !parseIPv4(ip, nullptr))
                continue;
            if (owner.contains(ip))
                node(n.id, QStringLiteral("ip"),
                     QStringLiteral("design IP %1 is already used by '%2'")
                         .arg(ip, owner.value(ip)));
            else
                owner.insert(ip, n.id);
        }
        for (const Node &n : m_t.nodes()) {
            const QString vip = n.text(QStringLiteral("vip"));
            if (n.kind != NodeKind::LoadBalancer || vip.isEmpty())
                continue;
            if (owner.contains(vip))
                node(n.id, QStringLiteral("vip"),
                     QStringLiteral("virtual IP %1 is already the address of '%2'")
                         .arg(vip, owner.value(vip)));
        }
    }

    void checkPorts() {
        // Components on one host must not listen on the same port.
        QHash<QString, QHash<qint64, QString>> used; // host id -> port -> component id
        for (const Node &n : m_t.nodes()) {
            if (n.parent.isEmpty() || !(n.kind == NodeKind::Web || n.kind == NodeKind::App ||
                                        n.kind == NodeKind::Database))
                continue;
            const qint64 port = n.number(QStringLiteral("port"));
            auto &ports = used[n.parent];
            if (ports.contains(port))
                node(n.id, QStringLiteral("port"),
                     QStringLiteral("port %1 is already used by '%2' on the same server")
                         .arg(port)
                         .arg(ports.value(port)));
            else
                ports.insert(port, n.id);
        }
    }

    void checkLink(const Link &l) {
        const Node *from = m_t.node(l.from);
        const Node *to = m_t.node(l.to);
        if (!from)
            link(l.id, QStringLiteral("from"),
                 QStringLiteral("node '%1' does not exist").arg(l.from));
        if (!to)
            link(l.id, QStringLiteral("to"), QStringLiteral("node '%1' does not exist").arg(l.to));
        const LinkKindSpec &spec = linkKindSpec(l.kind);
        for (const PropertySpec &p : spec.properties) {
            if (!l.properties.contains(p.key)) {
                link(l.id, p.key, QStringLiteral("missing"));
                continue;
            }
            const QString why = checkPropertyValue(p, l.properties.value(p.key));
            if (!why.isEmpty())
                link(l.id, p.key, why);
        }
        for (auto it = l.properties.cbegin(); it != l.properties.cend(); ++it) {
            if (!spec.property(it.key()))
                link(l.id, it.key(),
                     QStringLiteral("a %1 link has no property '%2'")
                         .arg(linkKindLabel(l.kind), it.key()));
        }
        if (!from || !to)
            return;
        if (l.from == l.to) {
            link(l.id, QStringLiteral("to"), QStringLiteral("a link cannot join a node to itself"));
            return;
        }
        if (!linkAllowed(l.kind, from->kind, to->kind))
            link(l.id, QStringLiteral("kind"),
                 QStringLiteral("a %1 link cannot go from a %2 ('%3') to a %4 ('%5')")
                     .arg(linkKindLabel(l.kind), nodeKindLabel(from->kind), from->id,
                          nodeKindLabel(to->kind), to->id));
        if (l.kind == LinkKind::Backend && to->kind == NodeKind::Server &&
            !m_t.child(to->id, NodeKind::Web))
            link(l.id, QStringLiteral("to"),
                 QStringLiteral("server '%1' has no web server to balance to").arg(to->id), false);
        const QString key = l.from + QChar(u'\0') + l.to + QChar(char16_t(u'a' + int(l.kind)));
        if (m_linkKeys.contains(key))
            link(l.id, QString(),
                 QStringLiteral("duplicates link '%1' (same kind, same ends)")
                     .arg(m_linkKeys.value(key)));
        else
            m_linkKeys.insert(key, l.id);
    }

    void checkReplication() {
        for (const Node &n : m_t.nodes()) {
            if (n.kind != NodeKind::Database)
                continue;
            int sources = 0;
            for (const Link *l : m_t.linksTo(n.id)) {
                if (l->kind == LinkKind::Replication)
                    ++sources;
            }
            const bool replica = n.text(QStringLiteral("role")) == QLatin1String("replica");
            if (replica && sources == 0)
                node(n.id, QStringLiteral("role"),
                     QStringLiteral("replica has no primary: add a replication link from its "
                                    "primary"),
                     false);
            else if (sources > 1)
                node(n.id, QStringLiteral("role"),
                     QStringLiteral("replicates from %1 sources; a replica has exactly one")
                         .arg(sources));
            else if (!replica && sources == 1)
                node(n.id, QStringLiteral("role"),
                     QStringLiteral("a primary cannot replicate from another database; make it "
                                    "a replica"),
                     false);
        }
    }

    const TopologyData &m_t;
    ValidationIssues m_issues;
    QHash<QString, QString> m_linkKeys;
};

} // namespace

ValidationIssues validateTopology(const TopologyData &topology) {
    return Checker(topology).run();
}

} // namespace infrastage
