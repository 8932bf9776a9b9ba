#include "autolayout.h"

#include "nodegeometry.h"

#include <QCoreApplication>
#include <QSet>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace infrastage::gui::AutoLayout {

namespace {

// cgraph takes char*, not const char*.
QByteArray bytes(const QString &s) {
    return s.toUtf8();
}
void set(void *object, const char *name, const QByteArray &value) {
    agsafeset(object, const_cast<char *>(name), const_cast<char *>(value.constData()),
              const_cast<char *>(""));
}

} // namespace

bool compute(const TopologyData &data, QHash<QString, QPointF> *positions, QString *error) {
    GVC_t *gvc = gvContext();
    if (!gvc) {
        *error = QCoreApplication::translate("AutoLayout", "Graphviz could not be started.");
        return false;
    }
    Agraph_t *g = agopen(const_cast<char *>("topology"), Agdirected, nullptr);
    set(g, "rankdir", "LR");
    set(g, "nodesep", "0.6");
    set(g, "ranksep", "1.1");
    set(g, "splines", "false");

    QHash<QString, Agnode_t *> nodes;
    for (const Node &n : data.nodes()) {
        if (!n.parent.isEmpty())
            continue;
        QByteArray name = bytes(n.id);
        Agnode_t *gn = agnode(g, name.data(), 1);
        const QSizeF size = NodeGeometry::size(data, n);
        set(gn, "shape", "box");
        set(gn, "fixedsize", "true");
        set(gn, "width", QByteArray::number(size.width() / 72.0));
        set(gn, "height", QByteArray::number(size.height() / 72.0));
        nodes.insert(n.id, gn);
    }
    QSet<QPair<QString, QString>> seen;
    for (const Link &l : data.links()) {
        const Node *from = data.node(l.from);
        const Node *to = data.node(l.to);
        if (!from || !to)
            continue;
        const QString a = data.host(*from) ? data.host(*from)->id : QString();
        const QString b = data.host(*to) ? data.host(*to)->id : QString();
        if (a == b || !nodes.contains(a) || !nodes.contains(b) || seen.contains({a, b}))
            continue;
        seen.insert({a, b});
        Agedge_t *e = agedge(g, nodes.value(a), nodes.value(b), nullptr, 1);
        // Replication and data between servers should not push servers into new ranks.
        if (l.kind == LinkKind::Replication || l.kind == LinkKind::Data)
            set(e, "constraint", "false");
    }

    const int rc = gvLayout(gvc, g, "dot");
    if (rc != 0) {
        agclose(g);
        gvFreeContext(gvc);
        *error =
            QCoreApplication::translate("AutoLayout", "Graphviz could not lay out the design.");
        return false;
    }
    const qreal top = GD_bb(g).UR.y;
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        const pointf c = ND_coord(it.value());
        const QSizeF size = NodeGeometry::size(data, *data.node(it.key()));
        // Graphviz' y grows upwards, in points, centre of the node.
        const QPointF topLeft(c.x - size.width() / 2, (top - c.y) - size.height() / 2);
        positions->insert(it.key(), NodeGeometry::snapped(topLeft));
    }
    gvFreeLayout(gvc, g);
    agclose(g);
    gvFreeContext(gvc);
    return true;
}

} // namespace infrastage::gui::AutoLayout
