#include "componentplacement.h"

#include "nodegeometry.h"

namespace infrastage {

QPointF ComponentPlacement::row(int row) {
    return {kPadding, kHeader + row * kRowStep};
}

QPointF ComponentPlacement::next(const TopologyData &data, const QString &serverId) {
    qreal y = kHeader;
    // Rows grow when a name wraps: below the lowest bottom, not one step below the last row.
    for (const Node *c : data.children(serverId))
        y = qMax(y, c->position.y() + NodeGeometry::size(data, *c).height() +
                        NodeGeometry::kComponentGap);
    return {kPadding, y};
}

} // namespace infrastage
