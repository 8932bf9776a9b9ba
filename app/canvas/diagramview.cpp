#include "diagramview.h"

#include "diagramscene.h"
#include "linkitem.h"
#include "model/nodegeometry.h"
#include "nodeitem.h"

#include <QContextMenuEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QWheelEvent>
#include <QtMath>

namespace infrastage::gui {

namespace {
constexpr qreal kMinZoom = 0.1;
constexpr qreal kMaxZoom = 4.0;
} // namespace

DiagramView::DiagramView(DiagramScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::MinimalViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Design canvas"));
    m_settle.setSingleShot(true);
    m_settle.setInterval(150);
    connect(&m_settle, &QTimer::timeout, this, &DiagramView::settled);
}

void DiagramView::moved() {
    m_settle.start();
    if (m_moving)
        return;
    m_moving = true;
}

void DiagramView::settled() {
    m_moving = false;
    viewport()->update(); // the links, smooth again
}

void DiagramView::scrollContentsBy(int dx, int dy) {
    moved();
    QGraphicsView::scrollContentsBy(dx, dy);
}

QString DiagramView::paletteMimeType() {
    return QStringLiteral("application/x-infrastage-node-kind");
}

qreal DiagramView::zoom() const {
    return transform().m11();
}

void DiagramView::setZoom(qreal factor, const QPoint &anchor) {
    factor = qBound(kMinZoom, factor, kMaxZoom);
    moved();
    const QPointF before = mapToScene(anchor.isNull() ? viewport()->rect().center() : anchor);
    setTransform(QTransform::fromScale(factor, factor));
    if (!anchor.isNull()) {
        const QPointF after = mapToScene(anchor);
        const QPointF delta = after - before;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - int(delta.x() * factor));
        verticalScrollBar()->setValue(verticalScrollBar()->value() - int(delta.y() * factor));
    }
    Q_EMIT zoomChanged(factor);
}

void DiagramView::zoomBy(qreal step, const QPoint &anchor) {
    setZoom(zoom() * step, anchor);
}

void DiagramView::fitContent() {
    const QRectF content = m_scene->contentBounds();
    if (content.isEmpty()) {
        setZoom(1);
        centerOn(0, 0);
        return;
    }
    fitInView(content.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    // Never blow a small design up beyond 1:1.
    if (zoom() > 1)
        setTransform(QTransform());
    centerOn(content.center());
    Q_EMIT zoomChanged(zoom());
}

void DiagramView::reveal(const QRectF &rect) {
    if (rect.isEmpty())
        return;
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (rect.width() > visible.width() || rect.height() > visible.height()) {
        fitInView(rect.adjusted(-40, -40, 40, 40), Qt::KeepAspectRatio);
        Q_EMIT zoomChanged(zoom());
    } else {
        ensureVisible(rect, 40, 40);
    }
}

void DiagramView::setShowGrid(bool show) {
    m_showGrid = show;
    viewport()->update();
}

void DiagramView::contextMenuEvent(QContextMenuEvent *event) {
    const QPointF pos = mapToScene(event->pos());
    QString node, link;
    if (NodeItem *n = m_scene->nodeAt(pos)) {
        node = n->id();
    } else {
        for (QGraphicsItem *item : m_scene->items(pos)) {
            if (item->type() == LinkItem::Type) {
                link = static_cast<LinkItem *>(item)->id();
                break;
            }
        }
    }
    emit contextMenuRequested(node, link, event->globalPos());
    event->accept();
}

void DiagramView::wheelEvent(QWheelEvent *event) {
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        zoomBy(qPow(1.15, steps), event->position().toPoint());
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void DiagramView::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::MiddleButton || (m_spaceHeld && event->button() == Qt::LeftButton)) {
        m_panning = true;
        m_panStart = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DiagramView::mouseMoveEvent(QMouseEvent *event) {
    if (m_panning) {
        const QPoint d = event->position().toPoint() - m_panStart;
        m_panStart = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DiagramView::mouseReleaseEvent(QMouseEvent *event) {
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_spaceHeld ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DiagramView::keyPressEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void DiagramView::keyReleaseEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void DiagramView::dragEnterEvent(QDragEnterEvent *event) {
    if (event->mimeData()->hasFormat(paletteMimeType()))
        event->acceptProposedAction();
    else
        event->ignore(); // files: the window opens them
}

void DiagramView::dragMoveEvent(QDragMoveEvent *event) {
    if (event->mimeData()->hasFormat(paletteMimeType()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void DiagramView::dropEvent(QDropEvent *event) {
    if (!event->mimeData()->hasFormat(paletteMimeType())) {
        event->ignore();
        return;
    }
    NodeKind kind;
    const QString name = QString::fromUtf8(event->mimeData()->data(paletteMimeType()));
    if (!nodeKindFromName(name, &kind)) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    Q_EMIT nodeDropped(kind, mapToScene(event->position().toPoint()));
}

void DiagramView::drawBackground(QPainter *painter, const QRectF &rect) {
    painter->fillRect(rect, m_scene->theme().background);
    if (!m_showGrid || zoom() < 0.35)
        return;
    const qreal g = NodeGeometry::kGrid;
    const qreal left = qFloor(rect.left() / g) * g;
    const qreal top = qFloor(rect.top() / g) * g;
    QVector<QPointF> dots;
    for (qreal x = left; x < rect.right(); x += g) {
        for (qreal y = top; y < rect.bottom(); y += g)
            dots.append(QPointF(x, y));
    }
    // Square dots without antialiasing: thousands of round ones cost a frame's budget.
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(m_scene->theme().grid, 2 / zoom(), Qt::SolidLine, Qt::SquareCap));
    painter->drawPoints(dots.constData(), int(dots.size()));
    painter->restore();
}

} // namespace infrastage::gui
