#include "pathanalysis.h"

#include "analysiscontext.h"
#include "dominators.h"
#include "internetpaths.h"

#include <QHash>
#include <QSet>

namespace infrastage {

namespace {

class PathGraph {
public:
    PathGraph(const AnalysisContext &c, PathKind kind)
        : m_c(c)
        , m_t(c.topology())
        , m_write(kind == PathKind::Write)
        , m_nodeCount(int(c.topology().nodes().size()))
        , m_graph(int(c.topology().nodes().size() + c.topology().links().size()))
        , m_expanded(c.topology().nodes().size(), false)
        , m_sets(c.topology().nodes().size()) {
        m_source = virtualVertex();
        m_resolved = virtualVertex();
        m_sink = virtualVertex();
    }

    PathAnalysis run() {
        PathAnalysis result;
        if (m_write) {
            bool anyDatabase = false;
            for (const Node &n : m_t.nodes())
                anyDatabase = anyDatabase || n.kind == NodeKind::Database;
            if (!anyDatabase) {
                result.applicable = false;
                return result;
            }
            collectFailoverCandidates();
        }
        buildDns();
        buildNetwork();
        while (!m_pending.isEmpty())
            expand(m_pending.takeLast());
        m_graph.compute(m_source);
        result.exists = m_graph.reachable(m_sink);
        if (!result.exists)
            return result;
        // Vertices below nodes + links stand for that node or link; the rest are virtual.
        const int elements = m_nodeCount + int(m_t.links().size());
        QList<bool> spof(elements, false);
        QSet<int> dominators;
        for (int v : m_graph.dominatorsOf(m_sink)) {
            dominators.insert(v);
            if (v < elements)
                spof[v] = true;
        }
        addSetSpofs(&spof, dominators);
        for (int i = 0; i < elements; ++i) {
            if (spof.at(i))
                result.spofs.append(i < m_nodeCount ? m_t.nodes().at(i).id
                                                    : m_t.links().at(i - m_nodeCount).id);
        }
        return result;
    }

private:
    int virtualVertex() { return m_graph.addVertex(); }
    int vertex(const Node &n) const { return m_c.indexOf(n); }
    int vertex(const Link &l) const { return m_nodeCount + m_c.indexOf(l); }
    int vertex(const Node *n) const { return vertex(*n); }
    int vertex(const Link *l) const { return vertex(*l); }

    // Arrive at node `n` from vertex `from`, coming from `fromHost`: crossing into another
    // host passes the standalone firewalls that guard it.
    // Each guard gets a vertex of its own per guarded element, so that paths cannot jump
    // between the elements one firewall guards; the firewall is then checked as a set.
    void enter(int from, const Node &n, const QString &fromHost, bool viaNetwork = false) {
        const int index = m_c.indexOf(n);
        const Node &host = m_c.hostOf(index);
        const int v = vertex(n);
        if (host.id == fromHost || viaNetwork || m_c.guards(m_c.indexOf(host)).isEmpty()) {
            m_graph.addEdge(from, v);
        } else {
            for (const Node *fw : m_c.guards(m_c.indexOf(host))) {
                const qint64 key = (qint64(m_c.indexOf(*fw)) << 32) | index;
                int g = m_guardVertex.value(key, -1);
                if (g < 0) {
                    g = virtualVertex();
                    m_guardVertex.insert(key, g);
                    m_sets[m_c.indexOf(*fw)].append(g);
                    m_graph.addEdge(g, v);
                }
                m_graph.addEdge(from, g);
            }
        }
        if (!m_expanded.at(index)) {
            m_expanded[index] = true;
            m_pending.append(&n);
        }
    }

    const Node *componentOf(const Node &server, NodeKind kind) const {
        for (const Node *c : m_c.components(m_c.indexOf(server))) {
            if (c->kind == kind)
                return c;
        }
        return nullptr;
    }

    void enterEntry(int from, const Node &entry, bool viaNetwork) {
        const Node *target = &entry;
        if (entry.kind == NodeKind::Server)
            target = componentOf(entry, NodeKind::Web);
        if (target)
            enter(from, *target, QString(), viaNetwork);
    }

    void buildDns() {
        bool any = false;
        for (const Link &l : m_t.links()) {
            if (l.kind != LinkKind::DnsRecord || !m_t.node(l.from) || !m_t.node(l.to))
                continue;
            any = true;
            m_graph.addEdge(m_source, vertex(m_t.node(l.from)));
            m_graph.addEdge(vertex(m_t.node(l.from)), vertex(l));
            m_graph.addEdge(vertex(l), m_resolved);
        }
        if (!any)
            m_graph.addEdge(m_source, m_resolved);
    }

    // From "the name is resolved" to the entry points, over the client's network links and
    // the standalone firewalls they pass; straight there if the client has no network links.
    void buildNetwork() {
        const InternetPaths paths(m_c);
        if (!paths.drawn()) {
            for (const Node *e : m_c.entryPoints())
                enterEntry(m_resolved, *e, false);
            return;
        }
        for (const InternetPaths::Hop &h : paths.hops()) {
            const bool fromClient = h.from->kind == NodeKind::Client;
            m_graph.addEdge(fromClient ? m_resolved : vertex(h.from), vertex(h.link));
            if (paths.isEntry(h.to))
                enterEntry(vertex(h.link), *h.to, true);
            else if (h.to && h.to->kind == NodeKind::Firewall)
                m_graph.addEdge(vertex(h.link), vertex(h.to));
        }
    }

    void expand(const Node *n) {
        switch (n->kind) {
        case NodeKind::LoadBalancer:
            for (const Link *l : m_c.linksFrom(m_c.indexOf(*n))) {
                const Node *target = l->kind == LinkKind::Backend ? m_c.target(*l) : nullptr;
                if (target && target->kind == NodeKind::Server)
                    target = componentOf(*target, NodeKind::Web);
                if (!target)
                    continue;
                m_graph.addEdge(vertex(n), vertex(l));
                enter(vertex(l), *target, n->id);
            }
            break;
        case NodeKind::Web: {
            int next = vertex(n);
            if (const Node *files = componentOf(m_c.hostOf(m_c.indexOf(*n)), NodeKind::Files)) {
                m_graph.addEdge(next, vertex(files));
                next = vertex(files);
            }
            bool upstream = false;
            for (const Link *l : m_c.linksFrom(m_c.indexOf(*n))) {
                const Node *app = l->kind == LinkKind::Upstream ? m_c.target(*l) : nullptr;
                if (!app)
                    continue;
                upstream = true;
                m_graph.addEdge(next, vertex(l));
                enter(vertex(l), *app, n->parent);
            }
            if (!upstream && !m_write)
                m_graph.addEdge(next, m_sink); // a static site still answers reads
            break;
        }
        case NodeKind::App: {
            bool anyData = false;
            for (const Link *l : m_c.linksFrom(m_c.indexOf(*n))) {
                const Node *db = l->kind == LinkKind::Data ? m_c.target(*l) : nullptr;
                if (!db)
                    continue;
                anyData = true;
                const QString access = l->text(QStringLiteral("access"));
                const bool usable = access == QLatin1String("readwrite") ||
                                    access == QLatin1String(m_write ? "write" : "read");
                if (!usable)
                    continue;
                m_graph.addEdge(vertex(n), vertex(l));
                enterDatabase(vertex(l), *db, n->parent);
            }
            if (!anyData && !m_write)
                m_graph.addEdge(vertex(n), m_sink);
            break;
        }
        case NodeKind::Database:
            if (!m_write || n->text(QStringLiteral("role")) == QLatin1String("primary") ||
                m_failoverCandidates.contains(n->id))
                m_graph.addEdge(vertex(n), m_sink);
            break;
        default:
            break;
        }
    }

    void enterDatabase(int from, const Node &db, const QString &fromHost) {
        const QList<const Node *> replicas = m_c.replicasOf(db.id);
        if (!m_write || !db.flag(QStringLiteral("auto_failover")) || replicas.isEmpty()) {
            enter(from, db, fromHost);
            return;
        }
        // Automatic failover: the write goes to the primary or, if it is lost, to the replica
        // promoted in its place (the application is repointed, so the link still carries it).
        const int group = virtualVertex();
        m_graph.addEdge(from, group);
        enter(group, db, fromHost);
        for (const Node *r : replicas)
            enter(group, *r, fromHost);
    }

    void collectFailoverCandidates() {
        for (const Node &n : m_t.nodes()) {
            if (n.kind != NodeKind::Database || !n.flag(QStringLiteral("auto_failover")) ||
                n.text(QStringLiteral("role")) != QLatin1String("primary"))
                continue;
            for (const Node *r : m_c.replicasOf(n.id))
                m_failoverCandidates.insert(r->id);
        }
    }

    // Elements that stand for several vertices: a server fails with all its components, a
    // guarding firewall with all its guard vertices. Such an element is a single point of
    // failure when one of its vertices dominates the end, or when together they cut every path.
    void addSetSpofs(QList<bool> *spof, const QSet<int> &dominators) {
        for (const Node &n : m_t.nodes()) {
            if (n.kind != NodeKind::Server)
                continue;
            for (const Node *c : m_c.components(m_c.indexOf(n))) {
                if (m_graph.reachable(vertex(c)))
                    m_sets[m_c.indexOf(n)].append(vertex(c));
            }
        }
        // A set that cuts every path meets any one path: only sets on one sample path can cut,
        // so the extra traversals stay few whatever the size of the design.
        const QList<bool> sample = m_graph.onSomePath(m_source, m_sink);
        for (int index = 0; index < m_nodeCount; ++index) {
            QList<int> &vertices = m_sets[index];
            if (vertices.isEmpty())
                continue;
            const Node &element = m_t.nodes().at(index);
            if (element.kind == NodeKind::Firewall && m_graph.reachable(vertex(element)))
                vertices.append(vertex(element)); // the firewall also stands on the network path
            bool dominated = false;
            bool onSample = false;
            for (int v : vertices) {
                dominated = dominated || dominators.contains(v);
                onSample = onSample || sample.at(v);
            }
            if (dominated || (onSample && vertices.size() > 1 &&
                              !m_graph.reachableAvoiding(m_source, m_sink, vertices)))
                (*spof)[index] = true;
        }
    }

    const AnalysisContext &m_c;
    const TopologyData &m_t;
    const bool m_write;
    const int m_nodeCount;
    Dominators m_graph;
    QList<bool> m_expanded; // by node index: reached, and its way onwards built
    QList<const Node *> m_pending;
    QSet<QString> m_failoverCandidates;
    QHash<qint64, int> m_guardVertex; // (firewall index << 32 | element index) -> guard vertex
    QList<QList<int>> m_sets;         // by node index: the vertices of an element that has several
    int m_source = 0;
    int m_resolved = 0;
    int m_sink = 0;
};

} // namespace

PathAnalysis analyzePath(const AnalysisContext &context, PathKind kind) {
    return PathGraph(context, kind).run();
}

} // namespace infrastage
