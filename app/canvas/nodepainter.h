#pragma once

#include "diagramtheme.h"
#include "model/node.h"
#include "nodestate.h"

#include <QRectF>
#include <QStringList>

class QPainter;

namespace infrastage::gui {

// What a painter needs to draw one node: the node, where, and how it stands.
struct NodePaintContext {
    const Node &node;
    QRectF rect; // item coordinates
    const DiagramTheme &theme;
    bool selected = false;
    bool hovered = false;
    NodeState state = NodeState::Design;
};

// Draws one look of node (a host card, a server box, a component row, a note). Adding a look
// means adding a painter, not editing the items.
class NodePainter {
public:
    virtual ~NodePainter() = default;
    virtual void paint(QPainter *painter, const NodePaintContext &context) const = 0;

    // The painter for `node`'s look.
    static const NodePainter &forNode(const Node &node);

protected:
    static void drawStateRing(QPainter *painter, const NodePaintContext &c, qreal radius);
    static void drawSelection(QPainter *painter, const NodePaintContext &c, qreal radius);
    // Vector on SVG/PDF devices, a cached pixmap on screens and images.
    static void drawIcon(QPainter *painter, NodeKind kind, const QRectF &rect);
    static void drawText(QPainter *painter, const QRectF &rect, const QString &text, int flags);
    // A wrapped name (NodeGeometry::nameLines), each line `lineHeight` high.
    static void drawLines(QPainter *painter, const QRectF &rect, const QStringList &lines,
                          qreal lineHeight);
};

} // namespace infrastage::gui
