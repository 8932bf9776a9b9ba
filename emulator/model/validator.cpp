#include "validator.h"
#include "vipgroup.h"

#include "designaddress.h"
#include "firewallpolicy.h"
#include "kindspec.h"
#include "topologydata.h"

#include <QSet>
#include <QVarLengthArray>

#include <algorithm>

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

// A kind's properties ordered by key, the order in which a QVariantMap holds a node's or a
// link's, so that the two can be compared in one walk instead of a lookup per key.
using PropertiesByKey = QList<const PropertySpec *>;

PropertiesByKey sortedByKey(const QList<PropertySpec> &specs) {
    PropertiesByKey sorted;
    for (const PropertySpec &p : specs)
        sorted.append(&p);
    std::sort(sorted.begin(), sorted.end(),
              [](const PropertySpec *a, const PropertySpec *b) { return a->key < b->key; });
    return sorted;
}

// The kinds' specs are built once and never change, so their orders are computed once too.
const PropertiesByKey &propertiesByKey(NodeKind kind) {
    static const QList<PropertiesByKey> table = [] {
        QList<PropertiesByKey> t;
        for (NodeKind k : allNodeKinds()) {
            t.resize(std::max(t.size(), qsizetype(k) + 1));
            t[qsizetype(k)] = sortedByKey(nodeKindSpec(k).properties);
        }
        return t;
    }();
    return table.at(qsizetype(kind));
}

const PropertiesByKey &propertiesByKey(LinkKind kind) {
    static const QList<PropertiesByKey> table = [] {
        QList<PropertiesByKey> t;
        for (LinkKind k : allLinkKinds()) {
            t.resize(std::max(t.size(), qsizetype(k) + 1));
            t[qsizetype(k)] = sortedByKey(linkKindSpec(k).properties);
        }
        return t;
    }();
    return table.at(qsizetype(kind));
}

// The values of `specs` found in `values` (null where missing), in the order of `specs`, and
// the keys of `values` that no spec has, in key order.
struct MatchedProperties {
    QVarLengthArray<const QVariant *, 32> values;
    QVarLengthArray<const QString *, 4> unknown;
};

MatchedProperties matchProperties(const QList<PropertySpec> &specs, const PropertiesByKey &byKey,
                                  const QVariantMap &values) {
    MatchedProperties m;
    m.values.resize(specs.size());
    std::fill(m.values.begin(), m.values.end(), nullptr);
    auto spec = byKey.cbegin();
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        int order = -1;
        while (spec != byKey.cend() && (order = QString::compare((*spec)->key, it.key())) < 0)
            ++spec;
        if (spec != byKey.cend() && order == 0)
            m.values[*spec++ - specs.constData()] = &it.value();
        else
            m.unknown.append(&it.key());
    }
    return m;
}

// Two links are duplicates when they have the same kind and the same ends. The ends are the
// nodes found by id: TopologyData::node() finds at most one node per id, so comparing the
// nodes compares the ids, without hashing strings.
struct LinkKey {
    const Node *from;
    const Node *to;
    LinkKind kind;

    bool operator==(const LinkKey &) const = default;
};

size_t qHash(const LinkKey &k, size_t seed = 0) {
    return qHashMulti(seed, k.from, k.to, int(k.kind));
}

// Records `id` as the user of `key` unless the key is taken; `owner` is then who took it.
// One hash lookup (QHash::tryEmplace is newer than Qt 6.4).
template <typename Key>
bool firstUse(QHash<Key, QString> &used, const Key &key, const QString &id, QString **owner) {
    const qsizetype before = used.size();
    QString &value = used[key];
    if (used.size() > before)
        value = id;
    *owner = &value;
    return used.size() > before;
}

class Checker {
public:
    explicit Checker(const TopologyData &t)
        : m_t(t) {}

    ValidationIssues run() {
        m_linkKeys.reserve(m_t.links().size());
        checkIds();
        for (const Node &n : m_t.nodes())
            checkNode(n);
        checkAddresses();
        checkVipGroups();
        checkPorts();
        for (const Link &l : m_t.links())
            checkLink(l);
        checkReplication();
        checkFirewallRules();
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
        seen.reserve(m_t.nodes().size() + m_t.links().size());
        // Whether `id` is new, remembering it: one hash lookup instead of two.
        auto firstSeen = [&seen](const QString &id) {
            const qsizetype before = seen.size();
            seen.insert(id);
            return seen.size() > before;
        };
        for (const Node &n : m_t.nodes()) {
            const bool first = firstSeen(n.id);
            if (!validId(n.id))
                node(n.id, QStringLiteral("id"),
                     QStringLiteral("'%1' is not a valid id (letters, digits, '_', '-', '.', "
                                    "':', at most 64)")
                         .arg(n.id));
            else if (!first)
                node(n.id, QStringLiteral("id"), QStringLiteral("duplicate id '%1'").arg(n.id));
        }
        for (const Link &l : m_t.links()) {
            const bool first = firstSeen(l.id);
            if (!validId(l.id))
                link(l.id, QStringLiteral("id"),
                     QStringLiteral("'%1' is not a valid id").arg(l.id));
            else if (!first)
                link(l.id, QStringLiteral("id"),
                     QStringLiteral("duplicate id '%1' (ids are shared by nodes and links)")
                         .arg(l.id));
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
        const MatchedProperties m =
            matchProperties(spec.properties, propertiesByKey(n.kind), n.properties);
        for (qsizetype i = 0; i < spec.properties.size(); ++i) {
            const PropertySpec &p = spec.properties.at(i);
            if (!m.values.at(i)) {
                node(n.id, p.key, QStringLiteral("missing"));
                continue;
            }
            const QString why = checkPropertyValue(p, *m.values.at(i));
            if (!why.isEmpty())
                node(n.id, p.key, why);
        }
        for (const QString *key : m.unknown)
            node(n.id, *key,
                 QStringLiteral("a %1 has no property '%2'").arg(nodeKindLabel(n.kind), *key));
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
            if (n.kind != NodeKind::LoadBalancer)
                continue;
            const QString vip = n.text(QStringLiteral("vip"));
            if (vip.isEmpty())
                continue;
            if (owner.contains(vip))
                node(n.id, QStringLiteral("vip"),
                     QStringLiteral("virtual IP %1 is already the address of '%2'")
                         .arg(vip, owner.value(vip)));
        }
    }

    // The servers a load balancer balances to (a backend link may name the web or its server).
    QSet<QString> backendHosts(const Node &lb) const {
        QSet<QString> hosts;
        for (const Link *l : m_t.linksFrom(lb.id)) {
            const Node *to = m_t.node(l->to);
            if (l->kind == LinkKind::Backend && to)
                hosts.insert(to->parent.isEmpty() ? to->id : to->parent);
        }
        return hosts;
    }

    // Load balancers sharing a VIP are one VRRP group fronting one site. One that balances none
    // of the servers of the group's MASTER is a second pair claiming the same address.
    void checkVipGroups() {
        for (const VipGroup &g : VipGroup::of(m_t)) {
            const QSet<QString> first = backendHosts(*g.master());
            QStringList pair{g.master()->id};
            for (const Node *n : g.members.mid(1)) {
                const QSet<QString> mine = backendHosts(*n);
                if (first.isEmpty() || mine.isEmpty() || first.intersects(mine)) {
                    pair.append(n->id);
                    continue;
                }
                QStringList servers = first.values();
                servers.sort();
                node(n->id, QStringLiteral("vip"),
                     QStringLiteral("virtual IP %1 is already claimed by '%2', which balance(s) "
                                    "other servers (%3): two pairs cannot share one VIP")
                         .arg(g.vip, pair.join(QStringLiteral("', '")),
                              servers.join(QStringLiteral(", "))));
            }
        }
    }

    void checkPorts() {
        // Components on one host must not listen on the same port.
        QHash<std::pair<QString, qint64>, QString> used; // (host id, port) -> component id
        used.reserve(m_t.nodes().size());
        for (const Node &n : m_t.nodes()) {
            if (n.parent.isEmpty() || !(n.kind == NodeKind::Web || n.kind == NodeKind::App ||
                                        n.kind == NodeKind::Database))
                continue;
            const qint64 port = n.number(QStringLiteral("port"));
            QString *owner = nullptr;
            if (!firstUse(used, std::pair{n.parent, port}, n.id, &owner))
                node(n.id, QStringLiteral("port"),
                     QStringLiteral("port %1 is already used by '%2' on the same server")
                         .arg(port)
                         .arg(*owner));
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
        const MatchedProperties m =
            matchProperties(spec.properties, propertiesByKey(l.kind), l.properties);
        for (qsizetype i = 0; i < spec.properties.size(); ++i) {
            const PropertySpec &p = spec.properties.at(i);
            if (!m.values.at(i)) {
                link(l.id, p.key, QStringLiteral("missing"));
                continue;
            }
            const QString why = checkPropertyValue(p, *m.values.at(i));
            if (!why.isEmpty())
                link(l.id, p.key, why);
        }
        for (const QString *key : m.unknown)
            link(l.id, *key,
                 QStringLiteral("a %1 link has no property '%2'").arg(linkKindLabel(l.kind), *key));
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
        QString *first = nullptr;
        // Two network links between the same machines are two connections (ISP A and ISP B,
        // two cables): the add-second-link fix makes them.
        if (l.kind != LinkKind::Network &&
            !firstUse(m_linkKeys, LinkKey{from, to, l.kind}, l.id, &first))
            link(l.id, QString(),
                 QStringLiteral("duplicates link '%1' (same kind, same ends)").arg(*first));
    }

    void checkReplication() {
        QHash<QString, int> sourcesOf; // node id -> replication links to it
        for (const Link &l : m_t.links()) {
            if (l.kind == LinkKind::Replication)
                ++sourcesOf[l.to];
        }
        for (const Node &n : m_t.nodes()) {
            if (n.kind != NodeKind::Database)
                continue;
            const int sources = sourcesOf.value(n.id);
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

    // A firewall rule naming an unknown node or port: loadable (it is being typed), but the
    // design does not run until it is fixed (runtime/firewallconfig.cpp refuses it).
    void checkFirewallRules() {
        for (const Node &n : m_t.nodes()) {
            if (n.kind != NodeKind::Firewall || n.text(QStringLiteral("rules")).trimmed().isEmpty())
                continue;
            QStringList errors;
            FirewallPolicies::derive(m_t, n, &errors);
            for (const QString &e : errors)
                node(n.id, QStringLiteral("rules"), e, false);
        }
    }

    const TopologyData &m_t;
    ValidationIssues m_issues;
    QHash<LinkKey, QString> m_linkKeys; // -> id of the first link with that key
};

} // namespace

ValidationIssues validateTopology(const TopologyData &topology) {
    return Checker(topology).run();
}

} // namespace infrastage
