#include "mermaidlinker.h"

#include "model/kindspec.h"

#include <QRegularExpression>
#include <QSet>

namespace infrastage {

namespace {

bool isNetworkHost(NodeKind k) {
    return k == NodeKind::Client || k == NodeKind::Dns || k == NodeKind::LoadBalancer ||
           k == NodeKind::Server || k == NodeKind::Firewall || k == NodeKind::Monitoring;
}

const QString kRole = QStringLiteral("role");
const QString kPrimary = QStringLiteral("primary");
const QString kReplica = QStringLiteral("replica");

} // namespace

MermaidLinker::MermaidLinker(TopologyData *topology, QStringList *warnings, QStringList *filled)
    : m_t(topology)
    , m_warnings(warnings)
    , m_filled(filled) {}

void MermaidLinker::warn(int line, const QString &what) {
    if (m_warnings->size() < 300)
        m_warnings->append(line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(what) : what);
}

void MermaidLinker::resolveDatabaseRoles(const QList<MermaidEdge> &edges,
                                         const QHash<QString, QString> &resolved) {
    auto setRole = [&](const QString &id, const QString &role) {
        const Node *n = m_t->node(id);
        if (!n || n->kind != NodeKind::Database || !n->text(kRole).isEmpty())
            return;
        Node copy = *n;
        copy.properties.insert(kRole, role);
        m_t->replaceNode(copy);
    };
    for (const MermaidEdge &e : edges) {
        const Node *a = m_t->node(resolved.value(e.from));
        const Node *b = m_t->node(resolved.value(e.to));
        if (!a || !b || a->kind != NodeKind::Database || b->kind != NodeKind::Database)
            continue;
        const QString ra = a->text(kRole);
        const QString rb = b->text(kRole);
        const QString ida = a->id;
        const QString idb = b->id;
        if (ra.isEmpty() && rb == kReplica)
            setRole(ida, kPrimary);
        else if (rb.isEmpty() && ra == kReplica)
            setRole(idb, kPrimary);
        else if (rb.isEmpty())
            setRole(idb, kReplica);
        else if (ra.isEmpty())
            setRole(ida, rb == kPrimary ? kReplica : kPrimary);
    }
    // The rest: the first is the primary; with a primary already, a replica.
    bool primary = false;
    for (const Node &n : m_t->nodes())
        primary = primary || (n.kind == NodeKind::Database && n.text(kRole) == kPrimary);
    const QList<Node> nodes = m_t->nodes();
    for (const Node &n : nodes) {
        if (n.kind != NodeKind::Database || !n.text(kRole).isEmpty())
            continue;
        setRole(n.id, primary ? kReplica : kPrimary);
        primary = true;
    }
}

bool MermaidLinker::connected(const QString &hostA, const QString &hostB) {
    // Links are only appended while linking: index the host pairs of the new ones.
    const QList<Link> &links = m_t->links();
    for (; m_pairsSeen < links.size(); ++m_pairsSeen) {
        const Link &l = links.at(m_pairsSeen);
        const Node *from = m_t->node(l.from);
        const Node *to = m_t->node(l.to);
        if (from && to)
            m_hostPairs.insert(hostPair(m_t->host(*from)->id, m_t->host(*to)->id));
    }
    return m_hostPairs.contains(hostPair(hostA, hostB));
}

bool MermaidLinker::hasLink(LinkKind kind, const QString &from, const QString &to) const {
    for (const Link *l : m_t->linksFrom(from)) {
        if (l->kind == kind && l->to == to)
            return true;
    }
    return false;
}

void MermaidLinker::addLink(LinkKind kind, const QString &from, const QString &to,
                            const QString &label, int line) {
    static const QRegularExpression readWords(
        QStringLiteral(R"(\b(reads?|select|queries|query|get)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression writeWords(
        QStringLiteral(R"(\b(writes?|insert|update|delete|read/write|read-write|rw)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    const bool readwriteWords = label.contains(QLatin1String("read/write"), Qt::CaseInsensitive) ||
                                label.contains(QLatin1String("read-write"), Qt::CaseInsensitive) ||
                                label.contains(QLatin1String("read & write"), Qt::CaseInsensitive);
    const bool reads = readwriteWords || readWords.match(label).hasMatch();
    const bool writes = readwriteWords || writeWords.match(label).hasMatch();
    for (const Link *existing : m_t->linksFrom(from)) {
        const Link &l = *existing;
        if (l.kind != kind || l.to != to)
            continue;
        if (kind == LinkKind::Data && (reads || writes)) {
            // "reads" and "writes" drawn apart: one link for both.
            const QString was = l.text(QStringLiteral("access"));
            const bool r = reads || was != QLatin1String("write");
            const bool w = writes || was != QLatin1String("read");
            Link merged = l;
            merged.properties.insert(QStringLiteral("access"),
                                     r && w
                                         ? QStringLiteral("readwrite")
                                         : (r ? QStringLiteral("read") : QStringLiteral("write")));
            m_t->replaceLink(merged);
        }
        return;
    }
    const Node *target = m_t->node(to);
    if (kind == LinkKind::Replication && target->text(kRole) != kReplica)
        warn(line, QStringLiteral("'%1' receives replication but its label does not say replica")
                       .arg(target->name));
    QString base = from + QLatin1Char('-') + to;
    if (base.size() > 56)
        base = from.left(27) + QLatin1Char('-') + to.left(27);
    Link link = makeLink(kind, m_t->uniqueId(base), from, to);
    if (kind == LinkKind::Network) {
        const bool client = m_t->node(from)->kind == NodeKind::Client;
        link.properties.insert(QStringLiteral("label"),
                               client && (label.isEmpty() || label.contains(QLatin1String("HTTP"),
                                                                            Qt::CaseInsensitive))
                                   ? QStringLiteral("Internet")
                                   : label.left(200));
    } else if (kind == LinkKind::Data) {
        // Unsaid: a replica is read, a primary read and written.
        const bool replica = target->text(kRole) == kReplica;
        QString access = QStringLiteral("readwrite");
        if (reads != writes)
            access = reads ? QStringLiteral("read") : QStringLiteral("write");
        else if (!reads && replica)
            access = QStringLiteral("read");
        link.properties.insert(QStringLiteral("access"), access);
    } else if (kind == LinkKind::DnsRecord) {
        static const QRegularExpression host(QStringLiteral(R"(\b((?:[a-z0-9-]+\.)+[a-z]{2,})\b)"),
                                             QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = host.match(label);
        if (m.hasMatch() && m.captured(1).size() <= 253)
            link.properties.insert(QStringLiteral("name"), m.captured(1).toLower());
    }
    m_t->appendLink(link);
}

bool MermaidLinker::specificLink(const Node &a, const Node &b, LinkKind *kind, QString *from,
                                 QString *to) const {
    // What a server box stands for at the end of an arrow: its component that fits.
    auto retarget = [&](const Node &x, const Node &y) -> const Node * {
        if (y.kind != NodeKind::Server)
            return &y;
        const NodeKind want = x.kind == NodeKind::LoadBalancer ? NodeKind::Web
                              : x.kind == NodeKind::Web        ? NodeKind::App
                              : x.kind == NodeKind::App        ? NodeKind::Database
                                                               : NodeKind::Server;
        const Node *c = want == NodeKind::Server ? nullptr : m_t->child(y.id, want);
        return c ? c : &y;
    };
    auto source = [&](const Node &x) -> const Node * {
        // A server box at the start of an arrow to a database: its application asks.
        if (x.kind == NodeKind::Server) {
            if (const Node *app = m_t->child(x.id, NodeKind::App))
                return app;
        }
        return &x;
    };
    // Two server boxes joined by an arrow, each holding a database: replication between them.
    if (a.kind == NodeKind::Server && b.kind == NodeKind::Server) {
        const Node *da = m_t->child(a.id, NodeKind::Database);
        const Node *db = m_t->child(b.id, NodeKind::Database);
        if (da && db && !m_t->child(a.id, NodeKind::Web) == !m_t->child(b.id, NodeKind::Web) &&
            (da->text(kRole) == kReplica) != (db->text(kRole) == kReplica)) {
            *kind = LinkKind::Replication;
            *from = da->text(kRole) == kReplica ? db->id : da->id;
            *to = da->text(kRole) == kReplica ? da->id : db->id;
            return true;
        }
    }
    for (int pass = 0; pass < 2; ++pass) {
        const Node &x0 = pass == 0 ? a : b;
        const Node &y0 = pass == 0 ? b : a;
        const Node &y = *retarget(x0, y0);
        const Node &x = y.kind == NodeKind::Database ? *source(x0) : x0;
        for (LinkKind k : {LinkKind::Backend, LinkKind::Upstream, LinkKind::Data,
                           LinkKind::Replication, LinkKind::DnsRecord}) {
            if (!linkAllowed(k, x.kind, y.kind))
                continue;
            *kind = k;
            *from = x.id;
            *to = y.id;
            if (k == LinkKind::Replication && x.text(kRole) == kReplica &&
                y.text(kRole) == kPrimary)
                std::swap(*from, *to);
            return true;
        }
    }
    return false;
}

void MermaidLinker::link(const QList<MermaidEdge> &edges, const QHash<QString, QString> &resolved) {
    struct Pending {
        QString a, b, label;
        int line;
    };
    QList<Pending> network;
    static const QRegularExpression address(QStringLiteral(R"(((?:\d{1,3}\.){3}\d{1,3}))"));
    for (const MermaidEdge &e : edges) {
        const QString a = resolved.value(e.from);
        const QString b = resolved.value(e.to);
        const Node *na = m_t->node(a);
        const Node *nb = m_t->node(b);
        if (!na || !nb) {
            warn(e.line, QStringLiteral("the arrow from '%1' to '%2' joins nothing that was "
                                        "imported; ignored")
                             .arg(e.from.left(60), e.to.left(60)));
            continue;
        }
        if (a == b)
            continue; // a server box and its own part, or a box and itself
        if (na->kind == NodeKind::Note || nb->kind == NodeKind::Note) {
            warn(e.line, QStringLiteral("an arrow to or from a note is not a link; ignored"));
            continue;
        }
        // A browser asking DNS is a conversation, not a wire; the answer names the entry point.
        const bool dnsTalk = (na->kind == NodeKind::Dns && nb->kind == NodeKind::Client) ||
                             (nb->kind == NodeKind::Dns && na->kind == NodeKind::Client);
        if (dnsTalk) {
            const QString ip = address.match(e.label).captured(1);
            if (!ip.isEmpty())
                m_dnsAnswer = ip;
            continue;
        }
        LinkKind kind;
        QString from, to;
        if (specificLink(*na, *nb, &kind, &from, &to)) {
            addLink(kind, from, to, e.label, e.line);
            continue;
        }
        network.append({a, b, e.label, e.line});
    }
    for (const Pending &p : std::as_const(network)) {
        const Node *ha = m_t->host(*m_t->node(p.a));
        const Node *hb = m_t->host(*m_t->node(p.b));
        if (ha->id == hb->id || connected(ha->id, hb->id))
            continue;
        if (!isNetworkHost(ha->kind) || !isNetworkHost(hb->kind)) {
            warn(p.line, QStringLiteral("no link fits between '%1' and '%2'; ignored")
                             .arg(ha->name, hb->name));
            continue;
        }
        addLink(LinkKind::Network, ha->id, hb->id, p.label, p.line);
    }
}

void MermaidLinker::addBackendsThroughFirewalls() {
    // "LB --> Firewall --> Nginx": the firewall stands in the path; the load balancer still
    // balances to the web servers behind it.
    const QList<Node> nodes = m_t->nodes();
    for (const Node &lb : nodes) {
        if (lb.kind != NodeKind::LoadBalancer)
            continue;
        QSet<QString> seen{lb.id};
        QList<QString> queue{lb.id};
        QStringList webs; // added after the walk: adding links moves the links walked
        for (int i = 0; i < queue.size(); ++i) {
            const QString at = queue.at(i);
            QList<const Link *> around = m_t->linksFrom(at);
            if (at != lb.id)
                around += m_t->linksTo(at);
            for (const Link *l : around) {
                if (l->kind != LinkKind::Network)
                    continue;
                const QString other = l->from == at ? l->to : l->from;
                const Node *o = m_t->node(other);
                if (!o || seen.contains(other))
                    continue;
                // Only onwards from the load balancer: a firewall before it is not a path.
                if (at == lb.id && l->from != lb.id)
                    continue;
                seen.insert(other);
                if (o->kind == NodeKind::Firewall) {
                    queue.append(other);
                } else if (o->kind == NodeKind::Server) {
                    const Node *web = m_t->child(other, NodeKind::Web);
                    if (web && !hasLink(LinkKind::Backend, lb.id, web->id) &&
                        !hasLink(LinkKind::Backend, lb.id, other) && !webs.contains(web->id))
                        webs.append(web->id);
                }
            }
        }
        for (const QString &web : std::as_const(webs))
            addLink(LinkKind::Backend, lb.id, web, QString(), 0);
    }
}

void MermaidLinker::addWritesToPrimary() {
    // An application drawn only reading replicas still writes somewhere: to the primary they
    // replicate from.
    const QList<Node> nodes = m_t->nodes();
    for (const Node &app : nodes) {
        if (app.kind != NodeKind::App)
            continue;
        bool writes = false;
        QString replica;
        for (const Link *l : m_t->linksFrom(app.id)) {
            if (l->kind != LinkKind::Data)
                continue;
            writes = writes || l->text(QStringLiteral("access")) != QLatin1String("read");
            if (replica.isEmpty())
                replica = l->to;
        }
        if (writes || replica.isEmpty())
            continue;
        QString primary;
        for (const Link *l : m_t->linksTo(replica)) {
            if (l->kind == LinkKind::Replication)
                primary = l->from;
        }
        if (primary.isEmpty()) {
            for (const Node &n : m_t->nodes()) {
                if (primary.isEmpty() && n.kind == NodeKind::Database && n.text(kRole) == kPrimary)
                    primary = n.id;
            }
        }
        if (!primary.isEmpty() && primary != replica) {
            const QString appId = app.id;
            addLink(LinkKind::Data, appId, primary, QStringLiteral("writes"), 0);
        }
    }
}

void MermaidLinker::addReplicationToReplicas() {
    // A replica with no replication arrow: from the one primary, when there is one.
    QString primary;
    int primaries = 0;
    for (const Node &n : m_t->nodes()) {
        if (n.kind == NodeKind::Database && n.text(kRole) == kPrimary) {
            primary = n.id;
            ++primaries;
        }
    }
    if (primaries != 1)
        return;
    const QList<Node> nodes = m_t->nodes();
    for (const Node &n : nodes) {
        if (n.kind != NodeKind::Database || n.text(kRole) != kReplica)
            continue;
        bool fed = false;
        for (const Link *l : m_t->linksTo(n.id))
            fed = fed || l->kind == LinkKind::Replication;
        if (fed)
            continue;
        const QString replica = n.id;
        addLink(LinkKind::Replication, primary, replica, QString(), 0);
        m_filled->append(QStringLiteral("'%1' is a replica with no replication arrow; it "
                                        "replicates from '%2', the only primary")
                             .arg(n.name.left(60), m_t->node(primary)->name.left(60)));
    }
}

void MermaidLinker::addImplied() {
    const QList<Node> nodes = m_t->nodes(); // a copy: links are added while walking
    // The entry point: the host DNS was drawn answering with (of a pair sharing that address,
    // the one that holds it: the higher priority), else a load balancer, else the first server
    // with a web server.
    QString entryId;
    const QString priority = QStringLiteral("priority");
    for (const Node &n : nodes) {
        if (!m_dnsAnswer.isEmpty() && n.parent.isEmpty() &&
            (n.text(QStringLiteral("ip")) == m_dnsAnswer ||
             n.text(QStringLiteral("vip")) == m_dnsAnswer) &&
            n.kind != NodeKind::Firewall &&
            (entryId.isEmpty() || n.number(priority) > m_t->node(entryId)->number(priority)))
            entryId = n.id;
    }
    for (const Node &n : nodes) {
        if (entryId.isEmpty() && n.kind == NodeKind::LoadBalancer)
            entryId = n.id;
    }
    for (const Node &n : nodes) {
        if (entryId.isEmpty() && n.kind == NodeKind::Server && m_t->child(n.id, NodeKind::Web))
            entryId = n.id;
    }
    // The firewall in front of the entry point, if one is drawn there.
    QString front = entryId;
    for (const Link *l : m_t->linksTo(entryId)) {
        const Node *f = m_t->node(l->from);
        if (l->kind == LinkKind::Network && f && f->kind == NodeKind::Firewall)
            front = f->id;
    }
    for (const Node &n : nodes) {
        if (entryId.isEmpty())
            break;
        const Node *target = m_t->node(entryId);
        bool record = false;
        for (const Link *l : m_t->linksFrom(n.id))
            record = record || l->kind == LinkKind::DnsRecord;
        if (n.kind == NodeKind::Dns && !record &&
            linkAllowed(LinkKind::DnsRecord, NodeKind::Dns, target->kind))
            addLink(LinkKind::DnsRecord, n.id, entryId, QString(), 0);
        if (n.kind == NodeKind::Client && m_t->linksFrom(n.id).isEmpty() &&
            m_t->linksTo(n.id).isEmpty())
            addLink(LinkKind::Network, n.id, front, QString(), 0);
    }
    // Inside each server: Nginx forwards to the application server, which uses the database.
    for (const Node &n : nodes) {
        if (n.kind != NodeKind::Server)
            continue;
        const Node *web = m_t->child(n.id, NodeKind::Web);
        const Node *app = m_t->child(n.id, NodeKind::App);
        const Node *db = m_t->child(n.id, NodeKind::Database);
        if (web && app) {
            bool has = false;
            for (const Link *l : m_t->linksFrom(web->id))
                has = has || l->kind == LinkKind::Upstream;
            if (!has) {
                const QString w = web->id;
                const QString a = app->id;
                addLink(LinkKind::Upstream, w, a, QString(), 0);
            }
        }
        app = m_t->child(n.id, NodeKind::App);
        db = m_t->child(n.id, NodeKind::Database);
        if (!app || !db)
            continue;
        bool has = false;
        for (const Link *l : m_t->linksFrom(app->id))
            has = has || l->kind == LinkKind::Data;
        if (!has) {
            const QString a = app->id;
            const QString d = db->id;
            addLink(LinkKind::Data, a, d, QString(), 0);
        }
    }
    addReplicationToReplicas();
    addBackendsThroughFirewalls();
    addWritesToPrimary();
}

} // namespace infrastage
