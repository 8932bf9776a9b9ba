#include "nodepainter.h"

#include "cardpainter.h"
#include "componentpainter.h"
#include "iconcache.h"
#include "notepainter.h"
#include "serverpainter.h"

#include <QPaintEngine>
#include <QPainter>
#include <QSvgRenderer>

namespace infrastage::gui {

const NodePainter &NodePainter::forNode(const Node &node) {
    static const CardPainter card;
    static const ServerPainter server;
    static const ComponentPainter component;
    static const NotePainter note;
    if (!node.parent.isEmpty())
        return component;
    if (node.kind == NodeKind::Server)
        return server;
    if (node.kind == NodeKind::Note)
        return note;
    return card;
}

void NodePainter::drawStateRing(QPainter *painter, const NodePaintContext &c, qreal radius) {
    const QColor color = DiagramTheme::stateColor(c.state);
    if (!color.isValid())
        return;
    painter->setPen(QPen(color, 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(c.rect.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius);
}

void NodePainter::drawSelection(QPainter *painter, const NodePaintContext &c, qreal radius) {
    if (!c.selected)
        return;
    painter->setPen(QPen(c.theme.selection, 2.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(c.rect.adjusted(-3, -3, 3, 3), radius + 3, radius + 3);
}

void NodePainter::drawIcon(QPainter *painter, NodeKind kind, const QRectF &rect) {
    const QPaintEngine *engine = painter->paintEngine();
    const bool vector =
        engine && (engine->type() == QPaintEngine::SVG || engine->type() == QPaintEngine::Pdf ||
                   engine->type() == QPaintEngine::Picture);
    if (vector) {
        initResources();
        QSvgRenderer renderer(IconCache::iconPath(kind));
        renderer.render(painter, rect);
        return;
    }
    const qreal scale = painter->transform().m11();
    const qreal dpr = qMax<qreal>(1, painter->device()->devicePixelRatioF() * scale);
    // Round up so zoomed-in icons stay sharp without caching every zoom step.
    const qreal bucket = dpr <= 1 ? 1 : dpr <= 2 ? 2 : dpr <= 4 ? 4 : 8;
    painter->drawPixmap(rect, IconCache::pixmap(kind, int(rect.width()), bucket),
                        QRectF(QPointF(0, 0), rect.size() * bucket));
}

void NodePainter::drawText(QPainter *painter, const QRectF &rect, const QString &text, int flags) {
    const QString elided =
        painter->fontMetrics().elidedText(text, Qt::ElideRight, int(rect.width()));
    painter->drawText(rect, flags, elided);
}

void NodePainter::drawLines(QPainter *painter, const QRectF &rect, const QStringList &lines,
                            qreal lineHeight) {
    // Centred as a block, one line under the other; a face wider than the estimate the box
    // was sized by still cuts a line rather than spill out of the box.
    const qreal top = rect.center().y() - lines.size() * lineHeight / 2;
    for (int i = 0; i < lines.size(); ++i)
        drawText(painter, QRectF(rect.left(), top + i * lineHeight, rect.width(), lineHeight),
                 lines.at(i), Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace infrastage::gui
