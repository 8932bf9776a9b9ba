#include "nodegeometry.h"

#include <cmath>

namespace infrastage::gui::NodeGeometry {

QSizeF size(const TopologyData &data, const Node &node) {
    if (!node.parent.isEmpty())
        return {kComponentWidth, kComponentHeight};
    switch (node.kind) {
    case NodeKind::Server: {
        qreal w = kComponentWidth + 2 * kServerPadding;
        qreal h = kServerHeader + kServerPadding;
        for (const Node *c : data.children(node.id)) {
            w = qMax(w, c->position.x() + kComponentWidth + kServerPadding);
            h = qMax(h, c->position.y() + kComponentHeight + kServerPadding);
        }
        return {w, h};
    }
    case NodeKind::Note:
        return {kNoteWidth, kNoteHeight};
    default:
        return {kCardWidth, kCardHeight};
    }
}

QRectF sceneRect(const TopologyData &data, const Node &node) {
    QPointF topLeft = node.position;
    if (!node.parent.isEmpty()) {
        if (const Node *p = data.node(node.parent))
            topLeft += p->position;
    }
    return QRectF(topLeft, size(data, node));
}

const Node *hostAt(const TopologyData &data, const QPointF &scenePos) {
    // Last drawn wins, as on screen.
    const QList<Node> &nodes = data.nodes();
    for (auto it = nodes.crbegin(); it != nodes.crend(); ++it) {
        if (it->parent.isEmpty() && sceneRect(data, *it).contains(scenePos))
            return &*it;
    }
    return nullptr;
}

QPointF snapped(const QPointF &p) {
    return {std::round(p.x() / kGrid) * kGrid, std::round(p.y() / kGrid) * kGrid};
}

} // namespace infrastage::gui::NodeGeometry
