#pragma once

#include "topologydata.h"

#include <QList>
#include <QPointF>
#include <QRectF>

namespace infrastage {

// The two ends of a link as the canvas places them.
struct LinkEnds {
    QRectF from; // scene rectangles of the two nodes
    QRectF to;
    bool fromComponent = false;
    bool toComponent = false;
    bool sameParent = false; // both ends are components of one server
    qreal lane = 0; // how far the link is moved aside from the line between the boxes: links
                    // joining the same two nodes (two ISP links) side by side, see laneOf()

    // The ends of `link` in `data` as the canvas places them; false when an end is missing.
    static bool of(const TopologyData &data, const Link &link, LinkEnds *ends);
    // Where `link` goes among the links joining its two nodes (either way round), in the
    // design's order: 0 when it is the only one, else spread around 0 one lane apart, so
    // parallel links and their labels do not lie on top of each other.
    static qreal laneOf(const TopologyData &data, const Link &link);
};

// Where a link is drawn: a cubic curve between its two nodes' boxes, bent around the boxes in
// its way, and its label at the middle. The canvas draws it; the layout check reads the same
// numbers, so what the check passes is what the canvas shows.
struct LinkRoute {
    QPointF curve[4]; // start, two control points, end
    QString label;    // the words on the link; empty for none
    QRectF labelRect; // where the label's box stands; empty without a label

    // The route between `ends`, clear of `obstacles` (the scene rectangles of the boxes it
    // must not cross, see endIds()) where a bend of the curve can manage it. A labelled link
    // between neighbouring rows gets a bracket on the right, where its label has room.
    static LinkRoute between(const LinkEnds &ends, const QString &label,
                             const QList<QRectF> &obstacles = {});
    // The same, asking `obstaclesIn(area)` for the boxes in the way that meet an area: first
    // only where the straight curve runs, and only when it is blocked where any bend can go.
    // The canvas answers from its scene index, the check by scanning the model.
    template <typename ObstaclesIn>
    static LinkRoute route(const LinkEnds &ends, const QString &label, ObstaclesIn obstaclesIn) {
        const LinkRoute straight = between(ends, label);
        const QList<QRectF> near = obstaclesIn(straight.extent());
        if (near.isEmpty() || straight.clearOf(near))
            return straight;
        return between(ends, label, obstaclesIn(reach(ends.from, ends.to)));
    }
    // Where any route between these ends can pass: only boxes meeting it can be obstacles.
    static QRectF reach(const QRectF &from, const QRectF &to);
    // What the curve and its label cover, with the clearance kept from boxes.
    QRectF extent() const;
    bool clearOf(const QList<QRectF> &obstacles) const;
    // The ids of the boxes that are never in the way of `link`: its ends and the hosts they
    // stand on (of those hosts, the other rows are in the way).
    static QStringList endIds(const TopologyData &data, const Link &link);
    // The route of `link` in `data`; invalid ends give an empty route.
    static LinkRoute of(const TopologyData &data, const Link &link);
    // The words the canvas writes on a link: "reads", "replication", a network link's label.
    static QString labelText(const Link &link);

    QPointF pointAt(qreal t) const; // on the curve, 0 <= t <= 1
    // Whether the curve (not its ends' first and last few points) passes through `box`.
    bool crosses(const QRectF &box) const;
    void setLabel(const QString &text);
};

} // namespace infrastage
