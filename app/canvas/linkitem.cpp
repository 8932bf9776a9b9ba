#include "linkitem.h"

#include "diagramtheme.h"

#include <QCoreApplication>
#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace infrastage::gui {

namespace {

QPointF rightMid(const QRectF &r) {
    return {r.right(), r.center().y()};
}
QPointF leftMid(const QRectF &r) {
    return {r.left(), r.center().y()};
}

} // namespace

LinkItem::LinkItem(const Link &link, const DiagramTheme *theme)
    : m_link(link)
    , m_theme(theme) {
    setFlag(ItemIsSelectable);
    setZValue(1);
}

void LinkItem::setLink(const Link &link) {
    m_link = link;
    update();
}

void LinkItem::setEnds(const QRectF &a, const QRectF &b, bool fromComponent, bool toComponent,
                       bool sameParent) {
    prepareGeometryChange();
    QPointF start, end, c1, c2;
    const QPointF d = b.center() - a.center();
    const bool overlapX = qAbs(d.x()) < (a.width() + b.width()) / 2;
    if (sameParent && qAbs(d.y()) <= a.height() + 10) {
        // Neighbouring rows of one server: a short straight arrow.
        start = d.y() > 0 ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
        end = d.y() > 0 ? QPointF(b.center().x(), b.top()) : QPointF(b.center().x(), b.bottom());
        c1 = start;
        c2 = end;
    } else if ((fromComponent || toComponent) && overlapX) {
        // Rows stacked above each other: a bracket on the right, clear of the rows between.
        start = rightMid(a);
        end = rightMid(b);
        const qreal bulge = 30 + qMin<qreal>(80, qAbs(d.y()) * 0.12);
        const qreal x = qMax(start.x(), end.x()) + bulge;
        c1 = QPointF(x, start.y());
        c2 = QPointF(x, end.y());
    } else if (qAbs(d.x()) >= qAbs(d.y()) * 0.5 || overlapX == false) {
        // Left to right, like the reference diagram.
        start = d.x() >= 0 ? rightMid(a) : leftMid(a);
        end = d.x() >= 0 ? leftMid(b) : rightMid(b);
        const qreal k = qMax<qreal>(30, qAbs(end.x() - start.x()) / 2);
        c1 = start + QPointF(d.x() >= 0 ? k : -k, 0);
        c2 = end + QPointF(d.x() >= 0 ? -k : k, 0);
    } else {
        start = d.y() > 0 ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
        end = d.y() > 0 ? QPointF(b.center().x(), b.top()) : QPointF(b.center().x(), b.bottom());
        const qreal k = qMax<qreal>(30, qAbs(end.y() - start.y()) / 2);
        c1 = start + QPointF(0, d.y() > 0 ? k : -k);
        c2 = end + QPointF(0, d.y() > 0 ? -k : k);
    }
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
    const QString text = label();
    if (text.isEmpty() || m_path.isEmpty())
        return QRectF();
    QFont f = scene() ? scene()->font() : QFont();
    f.setPointSizeF(7.5);
    const QPointF mid = m_path.pointAtPercent(0.5);
    const QRectF box = QFontMetricsF(f).boundingRect(text).adjusted(-5, -2, 5, 2);
    return QRectF(mid - QPointF(box.width() / 2, box.height() / 2), box.size());
}

QRectF LinkItem::visibleRect() const {
    return m_path.boundingRect().united(m_arrow.boundingRect()).united(labelRect());
}

QPainterPath LinkItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(m_path);
}

QString LinkItem::label() const {
    auto tr = [](const char *s) { return QCoreApplication::translate("LinkItem", s); };
    switch (m_link.kind) {
    case LinkKind::Network:
        return m_link.text(QStringLiteral("label"));
    case LinkKind::DnsRecord:
        return m_link.text(QStringLiteral("name"));
    case LinkKind::Replication:
        return tr("replication");
    case LinkKind::Data: {
        const QString access = m_link.text(QStringLiteral("access"));
        return access == QLatin1String("read")    ? tr("reads")
               : access == QLatin1String("write") ? tr("writes")
                                                  : QString();
    }
    case LinkKind::Backend:
        if (m_link.flag(QStringLiteral("backup")))
            return tr("backup");
        if (m_link.number(QStringLiteral("weight")) != 1)
            return tr("weight %1").arg(m_link.number(QStringLiteral("weight")));
        return QString();
    case LinkKind::Upstream:
        return QString();
    }
    return QString();
}

void LinkItem::paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *) {
    p->setRenderHint(QPainter::Antialiasing);
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
    p->drawPath(m_path);
    p->setPen(Qt::NoPen);
    p->setBrush(color);
    p->drawPolygon(m_arrow);

    const QString text = label();
    if (text.isEmpty())
        return;
    QFont f = p->font();
    f.setPointSizeF(7.5);
    p->setFont(f);
    const QRectF r = labelRect();
    p->setBrush(m_theme->background);
    p->setPen(QPen(color, 0.8));
    p->drawRoundedRect(r, 4, 4);
    p->setPen(m_theme->text);
    p->drawText(r, Qt::AlignCenter, text);
}

} // namespace infrastage::gui
