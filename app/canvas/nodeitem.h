#pragma once

#include "analysis/finding.h"
#include "model/node.h"
#include "nodestate.h"

#include <QGraphicsItem>

namespace infrastage::gui {

class BadgeItem;
struct DiagramTheme;

// The canvas look of one node. It holds a copy of the model's node for painting only; the
// model stays the truth and the scene copies it in on every change.
class NodeItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };

    NodeItem(const Node &node, const QSizeF &size, const DiagramTheme *theme);

    int type() const override { return Type; }
    const QString &id() const { return m_node.id; }
    const Node &node() const { return m_node; }
    void setNode(const Node &node, const QSizeF &size);
    QSizeF size() const { return m_size; }

    // The live view sets this; painters colour by it.
    NodeState state() const { return m_state; }
    void setState(NodeState state);

    // The worst finding on this node (none: no badge) and what the badge tooltip explains.
    void setBadge(bool present, Severity severity, const QString &explanation);
    bool hasBadge() const;
    // Drawn from pixmaps, the box and its badge (DeviceCoordinateCache), or painted each time.
    void setCaching(bool on);

    // The round handle links are dragged from, in item coordinates; empty if none.
    QRectF handleRect() const;
    bool canConnect() const { return m_node.kind != NodeKind::Note; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    Node m_node;
    QSizeF m_size;
    const DiagramTheme *m_theme;
    NodeState m_state = NodeState::Design;
    bool m_hovered = false;
    BadgeItem *m_badge = nullptr;
};

} // namespace infrastage::gui
