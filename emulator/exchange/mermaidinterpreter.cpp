#include "mermaidinterpreter.h"

#include "model/componentplacement.h"
#include "model/designaddress.h"
#include "model/kindspec.h"
#include "model/validator.h"

#include <QRegularExpression>

namespace infrastage {

namespace {

bool isComponentKind(NodeKind k) {
    return k == NodeKind::Web || k == NodeKind::App || k == NodeKind::Files ||
           k == NodeKind::Database;
}

bool isNetworkHost(NodeKind k) {
    return k == NodeKind::Client || k == NodeKind::Dns || k == NodeKind::LoadBalancer ||
           k == NodeKind::Server || k == NodeKind::Firewall || k == NodeKind::Monitoring;
}

// An id someone chose ("server-1", "lb") rather than a letter the diagram used (A, D1).
bool chosenId(const QString &id) {
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9_-]+$"));
    static const QRegularExpression letters(QStringLiteral("^[A-Z]{1,3}[0-9]*$"));
    return valid.match(id).hasMatch() && !letters.match(id).hasMatch();
}

QString slug(const QString &text) {
    QString s;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80)
            s += c;
        else if (!s.isEmpty() && !s.endsWith(QLatin1Char('-')))
            s += QLatin1Char('-');
    }
    while (s.endsWith(QLatin1Char('-')))
        s.chop(1);
    return s;
}

// "User's Computer\nBrowser" -> "User's Computer (Browser)"; address and kind-hint lines go.
QString nameFromLabel(const QString &label) {
    static const QRegularExpression ipLine(QStringLiteral(R"(^IP\s*:?\s*[\d.]+$)"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression hint(QStringLiteral(R"(^\([a-zA-Z ,]+\)$)"));
    QStringList lines = label.split(QLatin1Char('\n'));
    QStringList kept;
    for (int i = 0; i < lines.size(); ++i) {
        const QString l = lines.at(i).trimmed();
        if (l.isEmpty() || ipLine.match(l).hasMatch() ||
            (i > 0 && hint.match(l).hasMatch() && KindInference::fromLabel(l).known))
            continue;
        kept.append(l);
    }
    if (kept.isEmpty())
        return QString();
    QString name = kept.takeFirst();
    if (!kept.isEmpty())
        name += QStringLiteral(" (%1)").arg(kept.join(QStringLiteral(", ")));
    return name.left(200);
}

QString firstLine(const QString &label) {
    return label.section(QLatin1Char('\n'), 0, 0).trimmed();
}

QString componentSuffix(NodeKind k) {
    switch (k) {
    case NodeKind::Web:
        return QStringLiteral("web");
    case NodeKind::App:
        return QStringLiteral("app");
    case NodeKind::Files:
        return QStringLiteral("files");
    case NodeKind::Database:
        return QStringLiteral("db");
    case NodeKind::Firewall:
        return QStringLiteral("fw");
    case NodeKind::Monitoring:
        return QStringLiteral("agent");
    default:
        return nodeKindName(k);
    }
}

QString hostBaseId(NodeKind k) {
    switch (k) {
    case NodeKind::Client:
        return QStringLiteral("user");
    case NodeKind::LoadBalancer:
        return QStringLiteral("lb");
    default:
        return nodeKindName(k);
    }
}

} // namespace

void MermaidInterpreter::warn(int line, const QString &what) {
    if (m_warnings.size() < 300)
        m_warnings.append(QStringLiteral("line %1: %2").arg(line).arg(what));
}

QString MermaidInterpreter::newId(const QString &chosen, const QString &fallback) const {
    const QString base =
        chosenId(chosen) ? chosen : (fallback.isEmpty() ? QStringLiteral("node") : fallback);
    return m_topology.uniqueId(base);
}

ImportResult MermaidInterpreter::interpret(const MermaidGraph &graph, const QString &sourceName) {
    m_graph = &graph;
    m_topology = TopologyData();
    m_warnings = graph.warnings;
    m_topology.name = graph.title.isEmpty() ? sourceName : graph.title;
    m_topology.description =
        QStringLiteral("Imported from %1 (Mermaid flowchart).").arg(sourceName);
    if (graph.flowchart) {
        classify();
        createNodes();
        assignAddresses();
        linkEdges();
        addImpliedLinks();
        layout();
        for (const ValidationIssue &issue : validateTopology(m_topology))
            m_warnings.append(QStringLiteral("after import: %1").arg(issue.toString()));
    }
    return {m_topology, m_warnings};
}

void MermaidInterpreter::classify() {
    for (const MermaidNode &n : m_graph->nodes) {
        if (!n.labelled && m_graph->subgraphIndex(n.id) >= 0)
            continue; // a reference to a subgraph
        InferredKind k = KindInference::fromLabel(n.label);
        if (!k.known && n.shape == QLatin1String("cylinder"))
            k = {true, NodeKind::Database, QStringLiteral("primary")};
        if (!k.known) {
            warn(n.line, QStringLiteral("cannot tell what '%1' is (no word such as DNS, load "
                                        "balancer, Nginx, application, database, firewall, "
                                        "monitoring, user or server); imported as a note")
                             .arg(firstLine(n.label).left(80)));
            k = {true, NodeKind::Note, QString()};
        }
        m_kinds.insert(n.id, k);
    }
    // A subgraph is a server when it holds components (or nothing); else it only groups.
    for (int s = 0; s < m_graph->subgraphs.size(); ++s) {
        const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
        bool components = false;
        bool hosts = false;
        for (const QString &m : sg.members) {
            if (!m_kinds.contains(m))
                continue;
            const NodeKind k = m_kinds.value(m).kind;
            components = components || isComponentKind(k);
            hosts = hosts || (k != NodeKind::Firewall && k != NodeKind::Monitoring &&
                              k != NodeKind::Note && !isComponentKind(k));
        }
        const bool titled = KindInference::fromLabel(sg.title).kind == NodeKind::Server;
        if (!components && (hosts || !titled) && !sg.members.isEmpty()) {
            warn(sg.line, QStringLiteral("subgraph '%1' groups hosts, not a server's "
                                         "components; the grouping is not kept")
                              .arg(firstLine(sg.title).left(80)));
            continue;
        }
        m_serverSubgraphs.insert(s);
        m_mergedNodeOf.insert(s, -1);
        for (const QString &m : sg.members)
            m_serverOf.insert(m, s);
        // The box standing for the same server: same id, same first line or same address.
        const QString title = firstLine(sg.title);
        const QString titleIp = KindInference::addressFromLabel(sg.title);
        for (int i = 0; i < m_graph->nodes.size(); ++i) {
            const MermaidNode &n = m_graph->nodes.at(i);
            if (m_kinds.value(n.id).kind != NodeKind::Server || m_serverOf.contains(n.id) ||
                (!n.labelled && n.id == sg.id))
                continue;
            const QString ip = KindInference::addressFromLabel(n.label);
            if (n.id == sg.id || firstLine(n.label).compare(title, Qt::CaseInsensitive) == 0 ||
                (!ip.isEmpty() && ip == titleIp)) {
                m_mergedNodeOf[s] = i;
                m_serverOf.insert(n.id, s);
                break;
            }
        }
    }
}

void MermaidInterpreter::createNodes() {
    QSet<int> created;
    auto ensureServer = [&](int s) {
        if (!created.contains(s)) {
            created.insert(s);
            createServer(s, m_mergedNodeOf.value(s, -1));
        }
    };
    for (const MermaidNode &n : m_graph->nodes) {
        if (!m_kinds.contains(n.id))
            continue;
        const InferredKind kind = m_kinds.value(n.id);
        const int s = m_serverOf.value(n.id, -1);
        const bool hostOnly = kind.kind != NodeKind::Firewall &&
                              kind.kind != NodeKind::Monitoring && !isComponentKind(kind.kind);
        if (s >= 0 && (m_mergedNodeOf.value(s) == m_graph->nodeIndex(n.id) || !hostOnly)) {
            ensureServer(s);
            continue;
        }
        if (s >= 0)
            warn(n.line, QStringLiteral("a %1 cannot stand inside a server; placed beside it")
                             .arg(nodeKindLabel(kind.kind)));
        createHost(n, kind);
    }
    for (int s : m_serverSubgraphs)
        ensureServer(s); // empty subgraphs
    for (int s : m_serverSubgraphs)
        m_resolved.insert(m_graph->subgraphs.at(s).id,
                          m_resolved.value(QStringLiteral("\x01subgraph%1").arg(s)));
}

void MermaidInterpreter::createServer(int s, int mergedNode) {
    const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
    const MermaidNode *box = mergedNode >= 0 ? &m_graph->nodes.at(mergedNode) : nullptr;
    QString name = box ? nameFromLabel(box->label) : QString();
    if (name.isEmpty())
        name = nameFromLabel(sg.title);
    if (name.isEmpty())
        name = QStringLiteral("Server");
    QString ip = box ? KindInference::addressFromLabel(box->label) : QString();
    if (ip.isEmpty())
        ip = KindInference::addressFromLabel(sg.title);
    const QString chosen = chosenId(sg.id) ? sg.id : (box ? box->id : QString());
    Node server = makeNode(NodeKind::Server, newId(chosen, slug(name)), name);
    server.properties.insert(QStringLiteral("ip"), ip);
    m_topology.appendNode(server);
    m_resolved.insert(QStringLiteral("\x01subgraph%1").arg(s), server.id);
    if (box)
        m_resolved.insert(box->id, server.id);
    for (const QString &m : sg.members) {
        const InferredKind k = m_kinds.value(m);
        if (m_kinds.contains(m) && (isComponentKind(k.kind) || k.kind == NodeKind::Firewall ||
                                    k.kind == NodeKind::Monitoring))
            m_resolved.insert(m,
                              addComponent(server.id, m_graph->nodes.at(m_graph->nodeIndex(m)), k));
    }
}

QString MermaidInterpreter::addComponent(const QString &serverId, const MermaidNode &n,
                                         const InferredKind &kind) {
    QString name = nameFromLabel(n.label);
    Node c = makeNode(kind.kind,
                      newId(n.id, serverId + QLatin1Char('-') + componentSuffix(kind.kind)), name);
    c.parent = serverId;
    if (kind.kind == NodeKind::Database)
        c.properties.insert(QStringLiteral("role"), kind.databaseRole);
    m_topology.appendNode(c);
    return c.id;
}

void MermaidInterpreter::createHost(const MermaidNode &n, const InferredKind &kind) {
    if (isComponentKind(kind.kind)) {
        // A component drawn on its own: it gets a server of its own.
        const QString name = nameFromLabel(n.label);
        Node server =
            makeNode(NodeKind::Server, newId(QString(), slug(name) + QStringLiteral("-host")),
                     QStringLiteral("%1 host").arg(name));
        m_topology.appendNode(server);
        warn(n.line, QStringLiteral("'%1' is a %2 outside any server; it gets a server of its own")
                         .arg(name, nodeKindLabel(kind.kind)));
        m_resolved.insert(n.id, addComponent(server.id, n, kind));
        return;
    }
    QString name = nameFromLabel(n.label);
    Node host = makeNode(kind.kind, newId(n.id, hostBaseId(kind.kind)), name);
    if (kind.kind == NodeKind::Note)
        host.properties.insert(QStringLiteral("text"), n.label);
    const QString ip = KindInference::addressFromLabel(n.label);
    if (!ip.isEmpty() && host.properties.contains(QStringLiteral("ip")))
        host.properties.insert(QStringLiteral("ip"), ip);
    m_topology.appendNode(host);
    m_resolved.insert(n.id, host.id);
}

void MermaidInterpreter::assignAddresses() {
    QSet<quint32> used;
    QList<Node> changed;
    for (const Node &n : m_topology.nodes()) {
        quint32 a = 0;
        if (n.parent.isEmpty() && parseIPv4(n.text(QStringLiteral("ip")), &a)) {
            if (used.contains(a)) {
                warn(0, QStringLiteral("'%1' has the address %2 of another host; it gets a new one")
                            .arg(n.name, n.text(QStringLiteral("ip"))));
                Node copy = n;
                copy.properties.insert(QStringLiteral("ip"), QString());
                changed.append(copy);
                continue;
            }
            used.insert(a);
        }
    }
    for (const Node &c : changed)
        m_topology.replaceNode(c);
    for (const Node &n : m_topology.nodes()) {
        if (!n.parent.isEmpty() || !nodeKindSpec(n.kind).needsAddress ||
            !n.text(QStringLiteral("ip")).isEmpty())
            continue;
        quint32 a = 0;
        parseIPv4(nodeKindSpec(n.kind).property(QStringLiteral("ip"))->defaultValue.toString(), &a);
        while (used.contains(a))
            ++a;
        used.insert(a);
        Node copy = n;
        copy.properties.insert(QStringLiteral("ip"), formatIPv4(a));
        m_topology.replaceNode(copy);
    }
}

bool MermaidInterpreter::connected(const QString &hostA, const QString &hostB) const {
    for (const Link &l : m_topology.links()) {
        const Node *from = m_topology.node(l.from);
        const Node *to = m_topology.node(l.to);
        if (!from || !to)
            continue;
        const QString a = m_topology.host(*from)->id;
        const QString b = m_topology.host(*to)->id;
        if ((a == hostA && b == hostB) || (a == hostB && b == hostA))
            return true;
    }
    return false;
}

void MermaidInterpreter::addLink(LinkKind kind, const QString &from, const QString &to,
                                 const QString &label, int line) {
    for (const Link &l : m_topology.links()) {
        if (l.kind != kind || l.from != from || l.to != to)
            continue;
        if (kind == LinkKind::Data) { // "reads" and "writes" drawn apart: one link for both
            static const QRegularExpression rw(QStringLiteral(R"(read|write)"),
                                               QRegularExpression::CaseInsensitiveOption);
            if (rw.match(label).hasMatch() &&
                l.text(QStringLiteral("access")) != QLatin1String("readwrite")) {
                Link merged = l;
                merged.properties.insert(QStringLiteral("access"), QStringLiteral("readwrite"));
                m_topology.replaceLink(merged);
            }
        }
        return;
    }
    if (kind == LinkKind::Replication &&
        m_topology.node(to)->text(QStringLiteral("role")) != QLatin1String("replica"))
        warn(line, QStringLiteral("'%1' receives replication but its label does not say replica")
                       .arg(m_topology.node(to)->name));
    Link link = makeLink(kind, m_topology.uniqueId(from + QLatin1Char('-') + to), from, to);
    if (kind == LinkKind::Network) {
        const bool client = m_topology.node(from)->kind == NodeKind::Client;
        link.properties.insert(QStringLiteral("label"),
                               client && (label.isEmpty() || label.contains(QLatin1String("HTTP"),
                                                                            Qt::CaseInsensitive))
                                   ? QStringLiteral("Internet")
                                   : label);
    } else if (kind == LinkKind::Data) {
        const bool reads = label.contains(QLatin1String("read"), Qt::CaseInsensitive);
        const bool writes = label.contains(QLatin1String("write"), Qt::CaseInsensitive);
        link.properties.insert(QStringLiteral("access"),
                               reads == writes
                                   ? QStringLiteral("readwrite")
                                   : (reads ? QStringLiteral("read") : QStringLiteral("write")));
    } else if (kind == LinkKind::DnsRecord) {
        static const QRegularExpression host(QStringLiteral(R"(\b((?:[a-z0-9-]+\.)+[a-z]{2,})\b)"),
                                             QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = host.match(label);
        if (m.hasMatch())
            link.properties.insert(QStringLiteral("name"), m.captured(1).toLower());
    }
    m_topology.appendLink(link);
}

bool MermaidInterpreter::specificLink(const Node &a, const Node &b, LinkKind *kind, QString *from,
                                      QString *to) const {
    // What a server box stands for at the end of an arrow: its component that fits.
    auto retarget = [&](const Node &x, const Node &y) -> const Node * {
        if (y.kind != NodeKind::Server)
            return &y;
        const NodeKind want = x.kind == NodeKind::LoadBalancer ? NodeKind::Web
                              : x.kind == NodeKind::Web        ? NodeKind::App
                              : x.kind == NodeKind::App        ? NodeKind::Database
                                                               : NodeKind::Server;
        const Node *c = want == NodeKind::Server ? nullptr : m_topology.child(y.id, want);
        return c ? c : &y;
    };
    for (int pass = 0; pass < 2; ++pass) {
        const Node &x = pass == 0 ? a : b;
        const Node &y0 = pass == 0 ? b : a;
        const Node &y = *retarget(x, y0);
        for (LinkKind k : {LinkKind::Backend, LinkKind::Upstream, LinkKind::Data,
                           LinkKind::Replication, LinkKind::DnsRecord}) {
            if (!linkAllowed(k, x.kind, y.kind))
                continue;
            *kind = k;
            *from = x.id;
            *to = y.id;
            if (k == LinkKind::Replication &&
                x.text(QStringLiteral("role")) == QLatin1String("replica") &&
                y.text(QStringLiteral("role")) == QLatin1String("primary"))
                std::swap(*from, *to);
            return true;
        }
    }
    return false;
}

void MermaidInterpreter::linkEdges() {
    struct Pending {
        QString a, b, label;
        int line;
    };
    QList<Pending> network;
    for (const MermaidEdge &e : m_graph->edges) {
        const QString a = m_resolved.value(e.from);
        const QString b = m_resolved.value(e.to);
        const Node *na = m_topology.node(a);
        const Node *nb = m_topology.node(b);
        if (!na || !nb || a == b)
            continue;
        if (na->kind == NodeKind::Note || nb->kind == NodeKind::Note) {
            warn(e.line, QStringLiteral("an arrow to or from a note is not a link; ignored"));
            continue;
        }
        // A browser asking DNS is a conversation, not a wire; the answer names the entry point.
        const bool dnsTalk = (na->kind == NodeKind::Dns && nb->kind == NodeKind::Client) ||
                             (nb->kind == NodeKind::Dns && na->kind == NodeKind::Client);
        if (dnsTalk) {
            const QString ip = QRegularExpression(QStringLiteral(R"(((?:\d{1,3}\.){3}\d{1,3}))"))
                                   .match(e.label)
                                   .captured(1);
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
    for (const Pending &p : network) {
        const Node *ha = m_topology.host(*m_topology.node(p.a));
        const Node *hb = m_topology.host(*m_topology.node(p.b));
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

void MermaidInterpreter::addImpliedLinks() {
    const QList<Node> nodes = m_topology.nodes(); // a copy: links are added while walking
    // The entry point: the host DNS was drawn answering with, else a load balancer, else the
    // first server with a web server.
    const Node *entry = nullptr;
    for (const Node &n : nodes) {
        if (!m_dnsAnswer.isEmpty() && n.parent.isEmpty() &&
            n.text(QStringLiteral("ip")) == m_dnsAnswer)
            entry = m_topology.node(n.id);
    }
    for (const Node &n : nodes) {
        if (!entry && n.kind == NodeKind::LoadBalancer)
            entry = m_topology.node(n.id);
    }
    for (const Node &n : nodes) {
        if (!entry && n.kind == NodeKind::Server && m_topology.child(n.id, NodeKind::Web))
            entry = m_topology.node(n.id);
    }
    const QString entryId = entry ? entry->id : QString();
    for (const Node &n : nodes) {
        if (entryId.isEmpty())
            break;
        const Node *target = m_topology.node(entryId);
        if (n.kind == NodeKind::Dns && m_topology.linksFrom(n.id).isEmpty() &&
            linkAllowed(LinkKind::DnsRecord, NodeKind::Dns, target->kind))
            addLink(LinkKind::DnsRecord, n.id, entryId, QString(), 0);
        if (n.kind == NodeKind::Client && m_topology.linksFrom(n.id).isEmpty() &&
            m_topology.linksTo(n.id).isEmpty())
            addLink(LinkKind::Network, n.id, entryId, QString(), 0);
    }
    // Inside each server: Nginx forwards to the application server, which uses the database.
    for (const Node &n : nodes) {
        if (n.kind != NodeKind::Server)
            continue;
        const Node *web = m_topology.child(n.id, NodeKind::Web);
        const Node *app = m_topology.child(n.id, NodeKind::App);
        const Node *db = m_topology.child(n.id, NodeKind::Database);
        if (web && app) {
            bool has = false;
            for (const Link *l : m_topology.linksFrom(web->id))
                has = has || l->kind == LinkKind::Upstream;
            if (!has)
                addLink(LinkKind::Upstream, web->id, app->id, QString(), 0);
        }
        if (!app || !db)
            continue;
        bool has = false;
        for (const Link *l : m_topology.linksFrom(app->id))
            has = has || l->kind == LinkKind::Data;
        if (has)
            continue;
        const QString appId = app->id;
        const QString dbId = db->id;
        if (db->text(QStringLiteral("role")) != QLatin1String("replica")) {
            addLink(LinkKind::Data, appId, dbId, QString(), 0);
            continue;
        }
        addLink(LinkKind::Data, appId, dbId, QStringLiteral("reads"), 0);
        QString primary;
        for (const Link *l : m_topology.linksTo(dbId)) {
            if (l->kind == LinkKind::Replication)
                primary = l->from;
        }
        if (!primary.isEmpty())
            addLink(LinkKind::Data, appId, primary, QStringLiteral("writes"), 0);
    }
}

void MermaidInterpreter::layout() {
    // Ranks by breadth-first search from the hosts nothing points at, along the links.
    QHash<QString, int> rank;
    QList<QString> queue;
    QHash<QString, QStringList> next;
    QSet<QString> pointedAt;
    for (const Link &l : m_topology.links()) {
        const Node *a = m_topology.node(l.from);
        const Node *b = m_topology.node(l.to);
        if (!a || !b)
            continue;
        const QString ha = m_topology.host(*a)->id;
        const QString hb = m_topology.host(*b)->id;
        if (ha != hb) {
            next[ha].append(hb);
            pointedAt.insert(hb);
        }
    }
    for (const Node &n : m_topology.nodes()) {
        if (n.parent.isEmpty() && !pointedAt.contains(n.id)) {
            rank.insert(n.id, 0);
            queue.append(n.id);
        }
    }
    for (int i = 0; i < queue.size(); ++i) {
        for (const QString &m : next.value(queue.at(i))) {
            if (!rank.contains(m)) {
                rank.insert(m, rank.value(queue.at(i)) + 1);
                queue.append(m);
            }
        }
    }
    const bool across =
        m_graph->direction == QLatin1String("LR") || m_graph->direction == QLatin1String("RL");
    QHash<int, int> column;
    QHash<QString, int> childIndex;
    QList<Node> placed;
    for (const Node &n : m_topology.nodes()) {
        Node copy = n;
        if (n.parent.isEmpty()) {
            const int r = rank.value(n.id, 0);
            const int c = column[r]++;
            copy.position = across ? QPointF(r * 320, c * 300) : QPointF(c * 280, r * 320);
        } else {
            copy.position = ComponentPlacement::row(childIndex[n.parent]++);
        }
        placed.append(copy);
    }
    for (const Node &n : placed)
        m_topology.replaceNode(n);
}

} // namespace infrastage
