#include "mermaidinterpreter.h"

#include "designcompletion.h"
#include "kindinference.h"
#include "kindscore.h"
#include "mermaidboxreader.h"
#include "mermaidlinker.h"
#include "mermaidloadbalancers.h"
#include "model/componentplacement.h"
#include "model/kindspec.h"

#include <QRegularExpression>

namespace infrastage {

namespace {

using Listed = MermaidBoxReader::Listed;
constexpr auto isComponentKind = &MermaidBoxReader::isComponentKind;
constexpr auto canBeComponent = &MermaidBoxReader::canBeComponent;
constexpr auto firstLine = &MermaidBoxReader::firstLine;
constexpr auto withArticle = &MermaidBoxReader::withArticle;
constexpr auto listedComponents = &MermaidBoxReader::listedComponents;

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
    return s.left(40);
}

// "User's Computer\nBrowser" -> "User's Computer (Browser)"; address and kind-hint lines go.
QString nameFromLabel(const QString &label) {
    static const QRegularExpression ipLine(
        QStringLiteral(R"(^(v(irtual )?ip|ip)\s*(address)?\s*[:=]?\s*[\d.]+$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression hint(QStringLiteral(R"(^\([a-zA-Z ,]+\)$)"));
    static const QRegularExpression address(
        QStringLiteral(
            R"(\s*[(\[\-–:,]?\s*((v(irtual )?)?ip\s*[:=]?\s*)?(\d{1,3}\.){3}\d{1,3}\s*[)\]]?)"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = label;
    text.replace(address, QString());
    QStringList lines = text.split(QLatin1Char('\n'));
    QStringList kept;
    static const QRegularExpression dangling(QStringLiteral(R"([\s→:=>\-]+$)"));
    for (int i = 0; i < lines.size(); ++i) {
        const QString l = QString(lines.at(i)).remove(dangling).trimmed();
        if (l.isEmpty() || ipLine.match(l).hasMatch() ||
            (i > 0 && hint.match(l).hasMatch() && KindInference::fromLabel(l).known))
            continue;
        kept.append(l);
    }
    if (kept.isEmpty())
        return QString();
    QString name = kept.takeFirst();
    // "Firewall 1\n(allows 80, 443)": a later line in brackets of its own keeps just those.
    static const QRegularExpression bracketed(QStringLiteral(R"(^\(([^()]*)\)$)"));
    for (QString &l : kept)
        l.replace(bracketed, QStringLiteral("\\1"));
    if (!kept.isEmpty())
        name += QStringLiteral(" (%1)").arg(kept.join(QStringLiteral(", ")));
    return name.left(DesignCompletion::kMaxNameLength);
}

QString componentSuffix(NodeKind k) {
    switch (k) {
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
        m_warnings.append(line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(what) : what);
}

void MermaidInterpreter::explain(const QString &nodeId, const QString &what) {
    if (m_explanations.size() < 2000)
        m_explanations.append(QStringLiteral("%1: %2").arg(nodeId, what));
}

QString MermaidInterpreter::newId(const QString &chosen, const QString &fallback) const {
    QString base =
        chosenId(chosen) ? chosen : (fallback.isEmpty() ? QStringLiteral("node") : fallback);
    base = base.left(DesignCompletion::kMaxIdLength - 8);
    return m_topology.uniqueId(base);
}

void MermaidInterpreter::classify() {
    m_kinds = m_reader->readAll([this](int line, const QString &what) { warn(line, what); });
}

ImportResult MermaidInterpreter::interpret(const MermaidGraph &graph, const QString &sourceName) {
    m_graph = &graph;
    m_topology = TopologyData();
    m_warnings = graph.warnings;
    m_explanations.clear();
    m_topology.name = graph.title.isEmpty() ? sourceName : graph.title.left(200);
    m_topology.description =
        QStringLiteral("Imported from %1 (Mermaid %2).")
            .arg(sourceName, graph.architecture ? QStringLiteral("architecture diagram")
                                                : QStringLiteral("flowchart"));
    ImportResult result;
    if (graph.flowchart) {
        m_reader = std::make_unique<MermaidBoxReader>(graph);
        classify();
        findServerSubgraphs();
        claimComponents();
        createNodes();
        const QList<MermaidEdge> edges = bridgedEdges();
        MermaidLinker linker(&m_topology, &m_warnings, &result.filled);
        linker.setDnsAnswer(m_dnsAnswer);
        linker.resolveDatabaseRoles(edges, m_resolved);
        linker.link(edges, m_resolved);
        applyCertificates();
        MermaidLoadBalancers::read(graph, edges, m_resolved, &m_topology, &m_explanations);
        linker.addImplied();
        layout();
        DesignCompletion::complete(&m_topology, &result.filled, &m_warnings);
    }
    result.topology = m_topology;
    result.warnings = m_warnings;
    result.explanations = m_explanations;
    return result;
}

bool MermaidInterpreter::isServerSubgraph(int s, QString *why) const {
    const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
    QHash<NodeKind, int> counts;
    int components = 0;
    for (const QString &m : sg.members) {
        if (!m_kinds.contains(m) || m_kinds.value(m).kind.meaning != DrawnMeaning::Node)
            continue;
        const NodeKind k = m_kinds.value(m).kind.kind;
        ++counts[k];
        components += isComponentKind(k);
    }
    for (int c = 0; c < m_graph->subgraphs.size(); ++c) {
        if (m_graph->subgraphs.at(c).parent == sg.id && m_serverSubgraphs.contains(c)) {
            *why = QStringLiteral("it holds server boxes");
            return false;
        }
    }
    for (NodeKind k : {NodeKind::Web, NodeKind::App, NodeKind::Database}) {
        if (counts.value(k) > 1) {
            *why = QStringLiteral("it holds %1 %2s, and a server has one")
                       .arg(counts.value(k))
                       .arg(nodeKindLabel(k));
            return false;
        }
    }
    KindScore title;
    KindInference::scoreLabel(sg.title, &title);
    const InferredKind t = title.best();
    const bool serverTitle = t.known && t.meaning == DrawnMeaning::Node &&
                             (t.kind == NodeKind::Server || isComponentKind(t.kind));
    static const QRegularExpression tier(
        QStringLiteral(R"(\b(tiers?|layers?|cluster|pool|farm|group|zone|dmz|network|subnet|vpc|)"
                       R"(region|segment|backend|frontend|servers|databases|nodes|replication|)"
                       R"(storage|infrastructure|internet|public|private|stack|site)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    if (components == 0) {
        if (sg.members.isEmpty() && t.known && t.kind == NodeKind::Server)
            return true; // an empty server box
        *why = QStringLiteral("it holds no part of a server");
        return false;
    }
    if (tier.match(sg.title).hasMatch() &&
        !(t.known && t.kind == NodeKind::Server && !title.close())) {
        *why = QStringLiteral("its title names a group, not a host");
        return false;
    }
    Q_UNUSED(serverTitle);
    return true;
}

void MermaidInterpreter::findServerSubgraphs() {
    // Inner subgraphs come after their parents: decide them first.
    for (int s = int(m_graph->subgraphs.size()) - 1; s >= 0; --s) {
        const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
        QString why;
        if (!isServerSubgraph(s, &why)) {
            if (!sg.members.isEmpty())
                warn(sg.line, QStringLiteral("subgraph '%1' is read as a group, not a server: %2; "
                                             "what it holds stands on its own")
                                  .arg(firstLine(sg.title).left(80), why));
            continue;
        }
        m_serverSubgraphs.insert(s);
        m_mergedNodeOf.insert(s, -1);
        for (const QString &m : sg.members)
            m_serverOf.insert(m, s);
    }
    mergeServerBoxes();
}

void MermaidInterpreter::mergeServerBoxes() {
    // The box standing for the same server: inside it, same id, same first line or address.
    for (int s : std::as_const(m_serverSubgraphs)) {
        const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
        const QString title = firstLine(sg.title);
        const QString titleIp = KindInference::addressFromLabel(sg.title);
        for (int i = 0; i < m_graph->nodes.size(); ++i) {
            const MermaidNode &n = m_graph->nodes.at(i);
            const Reading r = m_kinds.value(n.id);
            if (!m_kinds.contains(n.id) || r.kind.kind != NodeKind::Server ||
                r.kind.meaning != DrawnMeaning::Node || (!n.labelled && n.id == sg.id))
                continue;
            const int home = m_serverOf.value(n.id, -1);
            if (home >= 0 && home != s)
                continue;
            if (home == s && m_mergedNodeOf.value(s) < 0) {
                m_mergedNodeOf[s] = i;
                break;
            }
            const QString ip = KindInference::addressFromLabel(n.label);
            if (home < 0 &&
                (n.id == sg.id || firstLine(n.label).compare(title, Qt::CaseInsensitive) == 0 ||
                 (!ip.isEmpty() && ip == titleIp))) {
                m_mergedNodeOf[s] = i;
                m_serverOf.insert(n.id, s);
                break;
            }
        }
    }
}

void MermaidInterpreter::claimComponents() {
    // A server drawn as a box with arrows to its components: it holds the components it
    // points at, and those they point at in turn (Nginx -> application -> database), one of
    // each kind, the nearest server first.
    QHash<QString, QStringList> next;
    for (const MermaidEdge &e : m_graph->edges) {
        next[e.from].append(e.to);
        if (e.arrowAtStart && e.arrowAtEnd)
            next[e.to].append(e.from);
    }
    auto free = [&](const QString &id) {
        const Reading r = m_kinds.value(id);
        return m_kinds.contains(id) && r.kind.meaning == DrawnMeaning::Node &&
               canBeComponent(r.kind.kind) && !m_serverOf.contains(id) && !m_claimedBy.contains(id);
    };
    QHash<QString, QSet<NodeKind>> held;
    QList<QPair<QString, QString>> frontier; // (component, box)
    for (const MermaidNode &n : m_graph->nodes) {
        const Reading r = m_kinds.value(n.id);
        if (!m_kinds.contains(n.id) || r.kind.kind != NodeKind::Server ||
            r.kind.meaning != DrawnMeaning::Node || m_serverOf.contains(n.id))
            continue;
        QStringList around = next.value(n.id);
        // Arrows drawn from the components to the box ("runs on") count as well.
        for (const MermaidEdge &e : m_graph->edges) {
            if (e.to == n.id && free(e.from) && isComponentKind(m_kinds.value(e.from).kind.kind) &&
                !next.value(n.id).isEmpty())
                around.append(e.from);
        }
        for (const QString &c : std::as_const(around))
            frontier.append({c, n.id});
    }
    while (!frontier.isEmpty()) {
        QList<QPair<QString, QString>> later;
        for (const auto &[c, box] : std::as_const(frontier)) {
            if (!free(c))
                continue;
            const NodeKind k = m_kinds.value(c).kind.kind;
            if (held[box].contains(k))
                continue;
            held[box].insert(k);
            m_claimedBy.insert(c, box);
            for (const QString &d : next.value(c))
                later.append({d, box});
        }
        frontier = later;
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
        const Reading r = m_kinds.value(n.id);
        if (r.kind.meaning == DrawnMeaning::Network) {
            explain(n.writtenId, QStringLiteral("not a node: a network between the boxes it "
                                                "joins (%1)")
                                     .arg(r.explanation));
            continue;
        }
        if (r.kind.meaning == DrawnMeaning::Certificate) {
            QStringList around;
            for (int i : m_reader->edgesAt(n.id)) {
                const MermaidEdge &e = m_graph->edges.at(i);
                around.append(e.from == n.id ? e.to : e.from);
            }
            m_certificates.append({n.id, around});
            explain(n.writtenId, QStringLiteral("not a node: HTTPS on the load balancer it is "
                                                "drawn at (%1)")
                                     .arg(r.explanation));
            continue;
        }
        const NodeKind kind = r.kind.kind;
        const int s = m_serverOf.value(n.id, -1);
        if (s >= 0 &&
            (m_mergedNodeOf.value(s) == m_graph->nodeIndex(n.id) || canBeComponent(kind))) {
            ensureServer(s);
            continue;
        }
        if (m_claimedBy.contains(n.id))
            continue; // created with its server box
        if (s >= 0)
            warn(n.line, QStringLiteral("a %1 cannot stand inside a server; placed beside it")
                             .arg(nodeKindLabel(kind)));
        if (kind == NodeKind::Server) {
            createServerFromNode(n);
            continue;
        }
        createHost(n, r.kind);
    }
    for (int s : std::as_const(m_serverSubgraphs))
        ensureServer(s); // empty subgraphs
    for (int s : std::as_const(m_serverSubgraphs))
        m_resolved.insert(m_graph->subgraphs.at(s).id,
                          m_resolved.value(QStringLiteral("\x01subgraph%1").arg(s)));
}

void MermaidInterpreter::createServer(int s, int mergedNode) {
    const MermaidSubgraph &sg = m_graph->subgraphs.at(s);
    const MermaidNode *box = mergedNode >= 0 ? &m_graph->nodes.at(mergedNode) : nullptr;
    QString name = box ? nameFromLabel(box->label) : QString();
    if (name.isEmpty() || (box && !box->labelled))
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
    explain(server.id, QStringLiteral("a server: the subgraph '%1' holds its parts")
                           .arg(firstLine(sg.title).left(80)));
    int added = 0;
    for (const QString &m : sg.members) {
        const Reading r = m_kinds.value(m);
        if (m_kinds.contains(m) && r.kind.meaning == DrawnMeaning::Node &&
            canBeComponent(r.kind.kind)) {
            m_resolved.insert(
                m, addComponent(server.id, m_graph->nodes.at(m_graph->nodeIndex(m)), r.kind));
            ++added;
        }
    }
    if (added == 0 && box) {
        for (const Listed &l : listedComponents(box->label)) {
            MermaidNode part;
            part.label = l.text;
            addComponent(server.id, part, l.kind);
        }
    }
}

void MermaidInterpreter::createServerFromNode(const MermaidNode &n) {
    // A box that lists its parts is named by its first line ("Web-1"), the parts become nodes.
    bool claims = false;
    for (auto it = m_claimedBy.cbegin(); it != m_claimedBy.cend() && !claims; ++it)
        claims = it.value() == n.id;
    const QString name = nameFromLabel(
        !claims && listedComponents(n.label).size() >= 2 ? firstLine(n.label) : n.label);
    Node server = makeNode(NodeKind::Server, newId(n.writtenId, slug(name)),
                           name.isEmpty() ? QStringLiteral("Server") : name);
    server.properties.insert(QStringLiteral("ip"), KindInference::addressFromLabel(n.label));
    m_topology.appendNode(server);
    m_resolved.insert(n.id, server.id);
    explain(server.id, QStringLiteral("a server (%1)").arg(m_kinds.value(n.id).explanation));
    int added = 0;
    for (const MermaidNode &c : m_graph->nodes) {
        if (m_claimedBy.value(c.id) != n.id)
            continue;
        m_resolved.insert(c.id, addComponent(server.id, c, m_kinds.value(c.id).kind));
        ++added;
    }
    if (added > 0) {
        explain(server.id, QStringLiteral("holds the %1 part(s) it points at").arg(added));
        return;
    }
    const QList<Listed> listed = listedComponents(n.label);
    for (const Listed &l : listed) {
        MermaidNode part;
        part.label = l.text;
        part.line = n.line;
        addComponent(server.id, part, l.kind);
    }
    if (!listed.isEmpty())
        explain(server.id,
                QStringLiteral("holds the %1 part(s) its label names").arg(listed.size()));
}

QString MermaidInterpreter::addComponent(const QString &serverId, const MermaidNode &n,
                                         const InferredKind &kind) {
    QString name = nameFromLabel(n.label);
    if (name.isEmpty())
        name = nodeKindLabel(kind.kind);
    Node c = makeNode(kind.kind,
                      newId(n.writtenId, serverId + QLatin1Char('-') + componentSuffix(kind.kind)),
                      name);
    c.parent = serverId;
    if (kind.kind == NodeKind::Database)
        c.properties.insert(QStringLiteral("role"), kind.databaseRole);
    if (c.properties.contains(QStringLiteral("ip")))
        c.properties.insert(QStringLiteral("ip"), QString()); // on the host, no address of its own
    m_topology.appendNode(c);
    if (!n.id.isEmpty() && m_kinds.contains(n.id))
        explain(c.id, QStringLiteral("%1 (%2)").arg(withArticle(nodeKindLabel(kind.kind)),
                                                    m_kinds.value(n.id).explanation));
    else
        explain(c.id, QStringLiteral("%1 named in its server's label")
                          .arg(withArticle(nodeKindLabel(kind.kind))));
    return c.id;
}

void MermaidInterpreter::createHost(const MermaidNode &n, const InferredKind &kind) {
    if (isComponentKind(kind.kind)) {
        // A component drawn on its own: it gets a server of its own, named by the label's
        // first line when that names a host ("Web Server 1"), else after the component.
        const QString name = nameFromLabel(n.label);
        static const QRegularExpression hostWords(
            QStringLiteral(R"(\b(server|host|vm|machine|instance|box|node)\b)"),
            QRegularExpression::CaseInsensitiveOption);
        const QString first = firstLine(n.label);
        const QString serverName = hostWords.match(first).hasMatch()
                                       ? first.left(DesignCompletion::kMaxNameLength)
                                       : QStringLiteral("%1 host").arg(name.left(190));
        Node server = makeNode(NodeKind::Server, newId(QString(), slug(serverName)), serverName);
        server.properties.insert(QStringLiteral("ip"), KindInference::addressFromLabel(n.label));
        m_topology.appendNode(server);
        explain(server.id, QStringLiteral("a server made for '%1', which is drawn outside any "
                                          "server")
                               .arg(first.left(80)));
        m_resolved.insert(n.id, addComponent(server.id, n, kind));
        return;
    }
    const QString name = nameFromLabel(n.label);
    Node host = makeNode(kind.kind, newId(n.writtenId, hostBaseId(kind.kind)),
                         name.isEmpty() ? nodeKindLabel(kind.kind) : name);
    if (kind.kind == NodeKind::Note)
        host.properties.insert(QStringLiteral("text"), n.label);
    // The address the drawing gives, or none: DesignCompletion fills it in and says so. A
    // DNS label's bare address is the answer it gives ("A record: www -> 8.8.8.8"), not its own.
    QString ip = kind.kind == NodeKind::Dns ? KindInference::labelledAddress(n.label)
                                            : KindInference::addressFromLabel(n.label);
    if (kind.kind == NodeKind::Dns && m_dnsAnswer.isEmpty())
        m_dnsAnswer = KindInference::addressFromLabel(n.label);
    if (host.properties.contains(QStringLiteral("ip")))
        host.properties.insert(QStringLiteral("ip"), ip);
    m_topology.appendNode(host);
    m_resolved.insert(n.id, host.id);
    explain(host.id, QStringLiteral("%1 (%2)").arg(withArticle(nodeKindLabel(kind.kind)),
                                                   m_kinds.value(n.id).explanation));
}

QList<MermaidEdge> MermaidInterpreter::bridgedEdges() {
    // "User --> Internet --> LB": the Internet box is the wire between them.
    QList<MermaidEdge> out;
    QHash<QString, QList<const MermaidEdge *>> into;
    QHash<QString, QList<const MermaidEdge *>> outOf;
    auto isNetwork = [&](const QString &id) {
        return m_kinds.contains(id) && m_kinds.value(id).kind.meaning == DrawnMeaning::Network;
    };
    auto isCertificate = [&](const QString &id) {
        return m_kinds.contains(id) && m_kinds.value(id).kind.meaning == DrawnMeaning::Certificate;
    };
    // An arrow to a subgraph that is not a server ("Load balancer cluster") reaches what it
    // holds.
    QList<MermaidEdge> drawn;
    for (const MermaidEdge &e : m_graph->edges) {
        if (e.stroke == MermaidStroke::Invisible)
            continue;
        auto expand = [&](const QString &id) {
            const int s = m_graph->subgraphIndex(id);
            if (s < 0 || m_serverSubgraphs.contains(s) || m_kinds.contains(id))
                return QStringList{id};
            QStringList members;
            for (const QString &m : m_graph->subgraphs.at(s).members) {
                if (m_kinds.contains(m))
                    members.append(m);
            }
            return members;
        };
        const QStringList froms = expand(e.from);
        const QStringList tos = expand(e.to);
        if (froms.isEmpty() || tos.isEmpty())
            warn(e.line, QStringLiteral("the arrow from '%1' to '%2' reaches an empty group; "
                                        "ignored")
                             .arg(e.from.left(60), e.to.left(60)));
        for (const QString &from : froms) {
            for (const QString &to : tos) {
                MermaidEdge copy = e;
                copy.from = from;
                copy.to = to;
                drawn.append(copy);
            }
        }
    }
    for (const MermaidEdge &e : std::as_const(drawn)) {
        if (isCertificate(e.from) || isCertificate(e.to))
            continue; // read by applyCertificates()
        if (isNetwork(e.to))
            into[e.to].append(&e);
        if (isNetwork(e.from))
            outOf[e.from].append(&e);
        if (!isNetwork(e.from) && !isNetwork(e.to))
            out.append(e);
    }
    for (auto it = into.cbegin(); it != into.cend(); ++it) {
        for (const MermaidEdge *a : it.value()) {
            for (const MermaidEdge *b : outOf.value(it.key())) {
                if (a->from == b->to || isNetwork(a->from) || isNetwork(b->to))
                    continue;
                MermaidEdge e = *b;
                e.from = a->from;
                e.label = b->label.isEmpty() ? a->label : b->label;
                out.append(e);
            }
        }
    }
    return out;
}

void MermaidInterpreter::applyCertificates() {
    for (const auto &[cert, around] : std::as_const(m_certificates)) {
        QStringList lbs;
        for (const QString &m : around) {
            const Node *n = m_topology.node(m_resolved.value(m));
            if (n && n->kind == NodeKind::LoadBalancer)
                lbs.append(n->id);
        }
        if (lbs.isEmpty()) {
            for (const Node &n : m_topology.nodes()) {
                if (n.kind == NodeKind::LoadBalancer)
                    lbs.append(n.id);
            }
        }
        const int line = m_graph->nodes.value(m_graph->nodeIndex(cert)).line;
        if (lbs.isEmpty()) {
            warn(line, QStringLiteral("an SSL certificate is drawn but no load balancer "
                                      "terminates HTTPS in this design; it is not kept"));
            continue;
        }
        for (const QString &id : std::as_const(lbs)) {
            Node lb = *m_topology.node(id);
            lb.properties.insert(QStringLiteral("tls"), true);
            lb.properties.insert(QStringLiteral("redirect_http"), true);
            m_topology.replaceNode(lb);
            explain(
                id,
                QStringLiteral("HTTPS on: an SSL certificate is drawn at it (line %1)").arg(line));
        }
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
