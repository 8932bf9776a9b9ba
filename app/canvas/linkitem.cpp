#include "linkitem.h"

#include "diagramtheme.h"
#include "diagramview.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace infrastage::gui {

namespace {

// A point of the cubic bezier `c` at parameter t (de Casteljau).
QPointF pointAt(const QPointF c[4], qreal t) {
    const qreal u = 1 - t;
    return u * u * u * c[0] + 3 * u * u * t * c[1] + 3 * u * t * t * c[2] + t * t * t * c[3];
}

// The part of the cubic `c` between parameters t0 < t1, as a cubic of its own.
QPainterPath subCurve(const QPointF c[4], qreal t0, qreal t1) {
    auto split = [](const QPointF in[4], qreal t, QPointF left[4], QPointF right[4]) {
        const QPointF ab = in[0] + (in[1] - in[0]) * t, bc = in[1] + (in[2] - in[1]) * t,
                      cd = in[2] + (in[3] - in[2]) * t;
        const QPointF abc = ab + (bc - ab) * t, bcd = bc + (cd - bc) * t;
        const QPointF mid = abc + (bcd - abc) * t;
        left[0] = in[0], left[1] = ab, left[2] = abc, left[3] = mid;
        right[0] = mid, right[1] = bcd, right[2] = cd, right[3] = in[3];
    };
    QPointF head[4], tail[4], part[4], rest[4];
    split(c, t0, head, tail);
    split(tail, t0 < 1 ? (t1 - t0) / (1 - t0) : 1, part, rest);
    QPainterPath path(part[0]);
    path.cubicTo(part[1], part[2], part[3]);
    return path;
}

} // namespace

LinkItem::LinkItem(const Link &link, const DiagramTheme *theme)
    : m_link(link)
    , m_theme(theme) {
    setFlag(ItemIsSelectable);
    // Paint gets the exposed rectangle, so a long link strokes only what is on screen.
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(1);
}

void LinkItem::setLink(const Link &link) {
    m_link = link;
    update();
}

void LinkItem::setRoute(const LinkRoute &route) {
    prepareGeometryChange();
    m_route = route;
    const QPointF start = m_route.curve[0], c1 = m_route.curve[1], c2 = m_route.curve[2],
                  end = m_route.curve[3];
    m_path = QPainterPath(start);
    m_path.cubicTo(c1, c2, end);

    // Arrow head along the tangent at the end.
    QPointF dir = end - (c2 == end ? c1 : c2);
    if (dir.isNull())
        dir = end - start;
    const qreal len = qSqrt(dir.x() * dir.x() + dir.y() * dir.y());
    const QPointF u = len > 0 ? dir / len : QPointF(1, 0);
    const QPointF n(-u.y(), u.x());
    constexpr qreal size = 9;
    m_arrow = QPolygonF({end, end - u * size + n * size * 0.45, end - u * size - n * size * 0.45});

    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-60, -14, 60, 14);
    update();
}

QRectF LinkItem::boundingRect() const {
    return m_bounds;
}

QRectF LinkItem::labelRect() const {
    return m_path.isEmpty() ? QRectF() : m_route.labelRect;
}

QRectF LinkItem::visibleRect() const {
    return m_path.boundingRect().united(m_arrow.boundingRect()).united(labelRect());
}

QPainterPath LinkItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(m_path);
}

void LinkItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *) {
    p->setRenderHint(QPainter::Antialiasing, !inMovingView());
    const bool selected = option->state & QStyle::State_Selected;
    const QColor color = m_theme->linkColor(m_link.kind);
    QPen pen(color, m_link.kind == LinkKind::Network ? 2.2 : 1.6);
    if (m_link.kind == LinkKind::Replication)
        pen.setStyle(Qt::DashLine);
    else if (m_link.kind == LinkKind::DnsRecord)
        pen.setStyle(Qt::DotLine);
    if (selected) {
        p->setPen(QPen(m_theme->selection, pen.widthF() + 4, Qt::SolidLine, Qt::RoundCap));
        p->setOpacity(0.35);
        p->drawPath(m_path);
        p->setOpacity(1);
    }
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    const QRectF exposed = option->exposedRect.adjusted(-8, -8, 8, 8);
    // Dashes and dots stay continuous only when the whole curve is stroked in one go.
    if (pen.style() == Qt::SolidLine && !exposed.contains(m_path.boundingRect()))
        strokeVisiblePart(p, exposed);
    else
        p->drawPath(m_path);
    p->setPen(Qt::NoPen);
    p->setBrush(color);
    p->drawPolygon(m_arrow);

    const QRectF r = labelRect();
    if (m_route.label.isEmpty() || !r.intersects(exposed))
        return;
    QFont f = p->font();
    f.setPointSizeF(7.5);
    p->setFont(f);
    p->setBrush(m_theme->background);
    p->setPen(QPen(color, 0.8));
    p->drawRoundedRect(r, 4, 4);
    p->setPen(m_theme->text);
    if (m_labelText.text() != m_route.label || m_labelFont != f) {
        m_labelText.setText(m_route.label);
        m_labelText.setTextFormat(Qt::PlainText);
        m_labelText.setPerformanceHint(QStaticText::AggressiveCaching);
        m_labelText.prepare(QTransform(), f); // drawStaticText follows a zoom by itself
        m_labelFont = f;
    }
    const QSizeF size = m_labelText.size();
    p->drawStaticText(r.center() - QPointF(size.width(), size.height()) / 2, m_labelText);
}

// Smooth, except while the canvas showing it pans or zooms (DiagramView::isMoving). The scene
// of an export has no view.
bool LinkItem::inMovingView() const {
    if (!scene())
        return false;
    const QList<QGraphicsView *> views = scene()->views();
    for (const QGraphicsView *v : views) {
        const auto *view = qobject_cast<const DiagramView *>(v);
        if (view && view->isMoving())
            return true;
    }
    return false;
}

// A link across a large design is mostly off screen, and stroking costs by length: only the
// stretches of the curve inside `exposed` are stroked, each an exact piece of the cubic.
void LinkItem::strokeVisiblePart(QPainter *p, const QRectF &exposed) const {
    constexpr int kSteps = 48;
    qreal from = -1;
    QPointF prev = m_route.curve[0];
    for (int i = 1; i <= kSteps; ++i) {
        const qreal t = qreal(i) / kSteps;
        const QPointF next = pointAt(m_route.curve, t);
        // The curve between two samples stays near their chord at this sampling: widen the box.
        const QRectF chord = QRectF(prev, next).normalized().adjusted(-12, -12, 12, 12);
        const bool inside = chord.intersects(exposed);
        if (inside && from < 0)
            from = qreal(i - 1) / kSteps;
        if ((!inside || i == kSteps) && from >= 0) {
            p->drawPath(subCurve(m_route.curve, from, inside ? t : qreal(i - 1) / kSteps));
            from = -1;
        }
        prev = next;
    }
}

} // namespace infrastage::gui
