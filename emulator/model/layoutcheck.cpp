#include "layoutcheck.h"

#include "linkroute.h"
#include "nodegeometry.h"

#include <QCoreApplication>

namespace infrastage::LayoutCheck {

namespace {

QString tr(const char *s) {
    return QCoreApplication::translate("LayoutCheck", s);
}

QString named(const Node &n) {
    return QStringLiteral("%1 (%2)").arg(n.id, n.name);
}

// Touching edges do not count: boxes snapped to one grid line share it.
bool covers(const QRectF &a, const QRectF &b) {
    const QRectF i = a.intersected(b);
    return i.width() > 0.5 && i.height() > 0.5;
}

void overlaps(const QList<const Node *> &boxes, const TopologyData &data,
              QList<LayoutProblem> *out) {
    QList<QRectF> rects;
    for (const Node *n : boxes)
        rects.append(NodeGeometry::sceneRect(data, *n));
    for (int i = 0; i < boxes.size(); ++i) {
        for (int j = i + 1; j < boxes.size(); ++j) {
            if (!covers(rects.at(i), rects.at(j)))
                continue;
            out->append({LayoutProblemKind::BoxesOverlap,
                         {boxes.at(i)->id, boxes.at(j)->id},
                         QString(),
                         tr("%1 overlaps %2").arg(named(*boxes.at(i)), named(*boxes.at(j)))});
        }
    }
}

} // namespace

QList<LayoutProblem> run(const TopologyData &data) {
    QList<LayoutProblem> out;
    QList<const Node *> hosts;
    for (const Node &n : data.nodes()) {
        if (n.parent.isEmpty() || !data.node(n.parent))
            hosts.append(&n);
    }
    overlaps(hosts, data, &out);
    for (const Node *h : std::as_const(hosts)) {
        if (h->kind == NodeKind::Server)
            overlaps(data.children(h->id), data, &out);
    }

    for (const Link &l : data.links()) {
        const LinkRoute route = LinkRoute::of(data, l);

        const Node *fromHost = data.host(*data.node(l.from));
        const Node *toHost = data.host(*data.node(l.to));
        const QStringList endBoxes = LinkRoute::endIds(data, l);
        for (const Node &n : data.nodes()) {
            if (!endBoxes.contains(n.id) && route.crosses(NodeGeometry::sceneRect(data, n)))
                out.append(
                    {LayoutProblemKind::LinkOverBox,
                     {n.id},
                     l.id,
                     tr("link %1 (%2 -> %3) passes over %4").arg(l.id, l.from, l.to, named(n))});
            // A label may lie inside the server its link starts or ends in, never on a row
            // or a card.
            if (n.kind == NodeKind::Server && n.parent.isEmpty() &&
                (&n == fromHost || &n == toHost))
                continue;
            if (route.labelRect.isEmpty() ||
                !covers(route.labelRect, NodeGeometry::sceneRect(data, n)))
                continue;
            out.append({LayoutProblemKind::LabelOverBox,
                        {n.id},
                        l.id,
                        tr("the label \"%1\" of link %2 (%3 -> %4) lies on %5")
                            .arg(route.label, l.id, l.from, l.to, named(n))});
        }
    }

    for (const Node &n : data.nodes()) {
        if (!NodeGeometry::nameFits(data, n))
            out.append({LayoutProblemKind::NameCut,
                        {n.id},
                        QString(),
                        tr("the name of %1 is cut: too long for the widest box").arg(named(n))});
    }
    return out;
}

} // namespace infrastage::LayoutCheck
