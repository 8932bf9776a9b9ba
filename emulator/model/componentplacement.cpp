#include "componentplacement.h"

namespace infrastage {

QPointF ComponentPlacement::row(int row) {
    return {kPadding, kHeader + row * kRowStep};
}

QPointF ComponentPlacement::next(const TopologyData &data, const QString &serverId) {
    qreal y = kHeader;
    for (const Node *c : data.children(serverId))
        y = qMax(y, c->position.y() + kRowStep);
    return {kPadding, y};
}

} // namespace infrastage
