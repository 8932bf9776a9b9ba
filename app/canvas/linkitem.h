#pragma once

#include "model/link.h"
#include "model/linkroute.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStaticText>

namespace infrastage::gui {

struct DiagramTheme;

// The canvas look of one link: a curve from one node to another with an arrow head and an
// optional label. Its path is public so the live view can move requests along it.
class LinkItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    LinkItem(const Link &link, const DiagramTheme *theme);
    int type() const override { return Type; }
    const QString &id() const { return m_link.id; }
    const Link &link() const { return m_link; }
    void setLink(const Link &link);

    // The curve and label to draw (DiagramScene computes it with LinkRoute).
    void setRoute(const LinkRoute &route);
    const LinkRoute &route() const { return m_route; }
    // In scene coordinates, from the source node to the target node.
    QPainterPath path() const { return m_path; }
    // What is drawn: the curve, the arrow head and the label, in scene coordinates.
    QRectF visibleRect() const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF labelRect() const;
    void strokeVisiblePart(QPainter *painter, const QRectF &exposed) const;
    bool inMovingView() const;

    Link m_link;
    const DiagramTheme *m_theme;
    QPainterPath m_path;
    LinkRoute m_route; // the path's cubic: start, two control points, end
    QPolygonF m_arrow;
    QRectF m_bounds;
    // The label laid out once: a live run's dots pass over it every frame, and shaping its
    // text each time was a tenth of the GUI thread's time.
    QStaticText m_labelText;
    QFont m_labelFont; // the one it was laid out in
};

} // namespace infrastage::gui
