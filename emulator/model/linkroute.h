#pragma once

#include "topologydata.h"

#include <QPointF>
#include <QRectF>

namespace infrastage {

// Where a link is drawn: a cubic curve between its two nodes' boxes and the label at its
// middle. The canvas draws it; the layout check finds labels lying on boxes from the same
// numbers, so what the check passes is what the canvas shows.
struct LinkRoute {
    QPointF curve[4]; // start, two control points, end
    QString label;    // the words on the link; empty for none
    QRectF labelRect; // where the label's box stands; empty without a label

    // The route between the scene rectangles `from` and `to`. `sameParent`: both ends are
    // components of one server. `labelled`: a label must fit beside the rows, so even
    // neighbouring rows are joined by a bracket on the right rather than a short arrow.
    static LinkRoute between(const QRectF &from, const QRectF &to, bool fromComponent,
                             bool toComponent, bool sameParent, bool labelled = false);
    // The route of `link` in `data` (the label included); invalid ends give an empty route.
    static LinkRoute of(const TopologyData &data, const Link &link);
    // The words the canvas writes on a link: "reads", "replication", a network link's label.
    static QString labelText(const Link &link);

    QPointF pointAt(qreal t) const; // on the curve, 0 <= t <= 1
    void setLabel(const QString &text);
};

} // namespace infrastage
