#include "badgeitem.h"

#include "diagramtheme.h"

#include <QPainter>

namespace infrastage::gui {

namespace {
constexpr qreal kRadius = 9;
}

BadgeItem::BadgeItem(const DiagramTheme *theme, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_theme(theme) {
    setAcceptHoverEvents(true);
    setZValue(10);
}

void BadgeItem::setSeverity(Severity severity) {
    m_severity = severity;
    update();
}

QRectF BadgeItem::boundingRect() const {
    return QRectF(-kRadius - 1, -kRadius - 1, 2 * kRadius + 2, 2 * kRadius + 2);
}

void BadgeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) {
    p->setRenderHint(QPainter::Antialiasing);
    const QColor color = m_severity == Severity::Error     ? m_theme->error
                         : m_severity == Severity::Warning ? m_theme->warning
                                                           : m_theme->selection;
    p->setPen(QPen(m_theme->background, 2));
    p->setBrush(color);
    p->drawEllipse(QPointF(0, 0), kRadius, kRadius);
    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(9);
    p->setFont(f);
    p->setPen(Qt::white);
    p->drawText(boundingRect(), Qt::AlignCenter, QStringLiteral("!"));
}

} // namespace infrastage::gui
