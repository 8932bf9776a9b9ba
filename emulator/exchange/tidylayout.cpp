#include "tidylayout.h"

#include "model/linkroute.h"
#include "model/nodegeometry.h"
#include "model/textwidth.h"

#include <QCoreApplication>
#include <QSet>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <dlfcn.h>

#include <memory>

namespace infrastage::TidyLayout {

namespace {

constexpr qreal kPointsPerInch = 72;  // Graphviz measures in inches, our scene in points
constexpr qreal kNodeSep = 40;        // between boxes of one rank
constexpr qreal kRankSep = 90;        // between ranks, at least
constexpr qreal kLabelClearance = 40; // a label's width plus this fits between two ranks
// dot's ordering work grows faster than the graph: a design past this many hosts is no drawing
// a person reads, and keeps its positions rather than stall an import for seconds.
constexpr int kMaxHosts = 1000;

QString tr(const char *s) {
    return QCoreApplication::translate("TidyLayout", s);
}

// cgraph takes char*, not const char*.
void set(void *object, const char *name, const QByteArray &value) {
    agsafeset(object, const_cast<char *>(name), const_cast<char *>(value.constData()),
              const_cast<char *>(""));
}
QByteArray inches(qreal points) {
    return QByteArray::number(points / kPointsPerInch, 'f', 3);
}

struct GraphDeleter {
    void operator()(Agraph_t *g) const { agclose(g); }
};
struct ContextDeleter {
    void operator()(GVC_t *c) const { gvFreeContext(c); }
};

// A Graphviz context with dot's layout and nothing else. gvContext() would read Graphviz'
// plugin list and load its text layout (Pango, cairo, fontconfig) into our process to measure
// labels the designer draws itself: a font stack shared with everything else here, for nothing.
// The plugin is loaded once and stays (Graphviz keeps pointers into it).
GVC_t *dotOnlyContext(QString *error) {
    static gvplugin_library_t *const dot = [] {
        void *handle = dlopen(INFRASTAGE_GRAPHVIZ_PLUGIN_DIR "/libgvplugin_dot_layout.so.6",
                              RTLD_NOW | RTLD_LOCAL);
        return handle ? static_cast<gvplugin_library_t *>(
                            dlsym(handle, "gvplugin_dot_layout_LTX_library"))
                      : nullptr;
    }();
    if (!dot) {
        *error = tr("Graphviz' dot layout (%1) could not be loaded.")
                     .arg(QStringLiteral(INFRASTAGE_GRAPHVIZ_PLUGIN_DIR));
        return nullptr;
    }
    static const lt_symlist_t kNoBuiltins[] = {{nullptr, nullptr}};
    GVC_t *gvc = gvContextPlugins(kNoBuiltins, 0);
    if (gvc)
        gvAddLibrary(gvc, dot);
    else
        *error = tr("Graphviz could not be started.");
    return gvc;
}

// Each server's rows one below the other, by their real heights, in document order.
void stackRows(TopologyData *data, QHash<QString, QPointF> *positions) {
    for (const Node &host : data->nodes()) {
        if (host.kind != NodeKind::Server || !host.parent.isEmpty())
            continue;
        qreal y = NodeGeometry::kServerHeader;
        for (const Node *c : data->children(host.id)) {
            Node moved = *c;
            moved.position = QPointF(NodeGeometry::kServerPadding, y);
            y += NodeGeometry::size(*data, moved).height() + NodeGeometry::kComponentGap;
            positions->insert(moved.id, moved.position);
            data->replaceNode(moved);
        }
    }
}

// The hosts that links of `kinds` lead to from another host (none given: links of any kind
// but data and replication).
QSet<QString> reachedBy(const TopologyData &data, const QList<LinkKind> &kinds) {
    static const QList<LinkKind> meanwhile = {LinkKind::Data, LinkKind::Replication};
    QSet<QString> out;
    for (const Link &l : data.links()) {
        const Node *from = data.node(l.from);
        const Node *to = data.node(l.to);
        if (!from || !to)
            continue;
        if (kinds.isEmpty() ? meanwhile.contains(l.kind) : !kinds.contains(l.kind))
            continue;
        if (data.host(*from) != data.host(*to))
            out.insert(data.host(*to)->id);
    }
    return out;
}

} // namespace

bool compute(const TopologyData &original, QHash<QString, QPointF> *positions, QString *error) {
    int hosts = 0;
    for (const Node &n : original.nodes())
        hosts += n.parent.isEmpty() ? 1 : 0;
    if (hosts > kMaxHosts) {
        *error = tr("%1 hosts are more than a tidy layout takes (%2); positions kept.")
                     .arg(hosts)
                     .arg(kMaxHosts);
        return false;
    }
    TopologyData data = original;
    stackRows(&data, positions);

    std::unique_ptr<GVC_t, ContextDeleter> gvc(dotOnlyContext(error));
    if (!gvc)
        return false;
    std::unique_ptr<Agraph_t, GraphDeleter> g(
        agopen(const_cast<char *>("topology"), Agdirected, nullptr));
    qreal widestLabel = 0;
    for (const Link &l : data.links())
        widestLabel =
            qMax(widestLabel, TextWidth::of(LinkRoute::labelText(l), TextWidth::Style::LinkLabel));
    set(g.get(), "rankdir", "LR");
    set(g.get(), "nodesep", inches(kNodeSep));
    set(g.get(), "ranksep", inches(qMax(kRankSep, widestLabel + kLabelClearance)));
    set(g.get(), "splines", "false");

    QHash<QString, Agnode_t *> nodes;
    for (const Node &n : data.nodes()) {
        if (!n.parent.isEmpty() && data.node(n.parent))
            continue;
        QByteArray name = n.id.toUtf8();
        Agnode_t *gn = agnode(g.get(), name.data(), 1);
        const QSizeF size = NodeGeometry::size(data, n);
        set(gn, "shape", "box");
        set(gn, "label", ""); // the designer draws the boxes; nothing for dot to measure
        set(gn, "fixedsize", "true");
        set(gn, "width", inches(size.width()));
        set(gn, "height", inches(size.height()));
        nodes.insert(n.id, gn);
    }
    // Data links into a host something else already leads to, and replication into a host
    // anything else leads to, do not push it into a later rank: the primary's server stays
    // beside the replica's. A replica's server reached by its replication alone still comes
    // after its primary's.
    const QSet<QString> reached = reachedBy(data, {});
    const QSet<QString> readFrom = reachedBy(data, {LinkKind::Data});
    QSet<QPair<QString, QString>> seen;
    for (const Link &l : data.links()) {
        const Node *from = data.node(l.from);
        const Node *to = data.node(l.to);
        if (!from || !to)
            continue;
        const QString a = data.host(*from)->id;
        const QString b = data.host(*to)->id;
        if (a == b || !nodes.contains(a) || !nodes.contains(b) || seen.contains({a, b}))
            continue;
        seen.insert({a, b});
        Agedge_t *e = agedge(g.get(), nodes.value(a), nodes.value(b), nullptr, 1);
        // Two hosts of one kind side by side (a VRRP pair, two name servers) share a rank.
        const bool peers = l.kind == LinkKind::Network && data.node(a)->kind != NodeKind::Server &&
                           data.node(a)->kind == data.node(b)->kind;
        if (peers || (l.kind == LinkKind::Data && reached.contains(b)) ||
            (l.kind == LinkKind::Replication && (reached.contains(b) || readFrom.contains(b))))
            set(e, "constraint", "false");
    }

    if (gvLayout(gvc.get(), g.get(), "dot") != 0) {
        *error = tr("Graphviz could not lay out the design.");
        return false;
    }
    // A rank is a column (rankdir LR): its boxes share a centre x. They are aligned on their
    // left edges, as a person lines up a column, rather than centred.
    QHash<int, qreal> rankLeft;
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        const int rank = qRound(ND_coord(it.value()).x);
        const qreal left = rank - NodeGeometry::size(data, *data.node(it.key())).width() / 2;
        rankLeft.insert(rank, qMin(left, rankLeft.value(rank, left)));
    }
    const qreal top = GD_bb(g.get()).UR.y;
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        const pointf c = ND_coord(it.value());
        const QSizeF size = NodeGeometry::size(data, *data.node(it.key()));
        // Graphviz' y grows upwards, in points, at the centre of the node.
        const QPointF topLeft(rankLeft.value(qRound(c.x)), (top - c.y) - size.height() / 2);
        positions->insert(it.key(), NodeGeometry::snapped(topLeft));
    }
    gvFreeLayout(gvc.get(), g.get());
    return true;
}

bool apply(TopologyData *data, QString *error) {
    QHash<QString, QPointF> positions;
    if (!compute(*data, &positions, error))
        return false;
    for (auto it = positions.cbegin(); it != positions.cend(); ++it) {
        if (const Node *n = data->node(it.key())) {
            Node moved = *n;
            moved.position = it.value();
            data->replaceNode(moved);
        }
    }
    return true;
}

} // namespace infrastage::TidyLayout
