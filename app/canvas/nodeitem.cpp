#include "nodeitem.h"

#include "badgeitem.h"
#include "nodepainter.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace infrastage::gui {

namespace {
constexpr qreal kHandleRadius = 6;
}

NodeItem::NodeItem(const Node &node, const QSizeF &size, const DiagramTheme *theme)
    : m_node(node)
    , m_size(size)
    , m_theme(theme) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(node.parent.isEmpty() ? (node.kind == NodeKind::Server ? 0 : 2) : 3);
}

void NodeItem::setNode(const Node &node, const QSizeF &size) {
    if (size != m_size)
        prepareGeometryChange();
    m_node = node;
    m_size = size;
    if (m_badge)
        m_badge->setPos(m_size.width() - 4, -6);
    update();
}

void NodeItem::setState(NodeState state) {
    if (m_state == state)
        return;
    m_state = state;
    update();
}

void NodeItem::setBadge(bool present, Severity severity, const QString &explanation) {
    if (!present) {
        delete m_badge;
        m_badge = nullptr;
        return;
    }
    if (!m_badge) {
        m_badge = new BadgeItem(m_theme, this);
        m_badge->setCacheMode(cacheMode());
    }
    m_badge->setPos(m_size.width() - 4, -6);
    m_badge->setSeverity(severity);
    m_badge->setToolTip(explanation);
}

bool NodeItem::hasBadge() const {
    return m_badge != nullptr;
}

void NodeItem::setCaching(bool on) {
    const CacheMode mode = on ? DeviceCoordinateCache : NoCache;
    setCacheMode(mode);
    if (m_badge)
        m_badge->setCacheMode(mode); // its "!" was laid out again each frame of a live run
}

QRectF NodeItem::handleRect() const {
    if (!canConnect())
        return QRectF();
    const QPointF c(m_size.width(), m_node.kind == NodeKind::Server ? 20 : m_size.height() / 2);
    return QRectF(c.x() - kHandleRadius, c.y() - kHandleRadius, 2 * kHandleRadius,
                  2 * kHandleRadius);
}

QRectF NodeItem::boundingRect() const {
    // Room for the selection outline, the shadow and the handle.
    return QRectF(QPointF(0, 0), m_size).adjusted(-5, -5, kHandleRadius + 3, 5);
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) {
    const bool selected = option->state & QStyle::State_Selected;
    NodePaintContext context{m_node, QRectF(QPointF(0, 0), m_size), *m_theme, selected, m_hovered,
                             m_state};
    NodePainter::forNode(m_node).paint(painter, context);
    if ((m_hovered || selected) && canConnect()) {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(m_theme->cardFill, 1.5));
        painter->setBrush(m_theme->selection);
        painter->drawEllipse(handleRect());
    }
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *) {
    m_hovered = true;
    update();
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *) {
    m_hovered = false;
    update();
}

} // namespace infrastage::gui
