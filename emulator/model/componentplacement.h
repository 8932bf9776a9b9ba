#pragma once

#include "topologydata.h"

#include <QPointF>

namespace infrastage {

// Where the components of a server box stand: rows one below the other under the box's title
// band, positions relative to the server. The canvas draws boxes from these numbers; the
// designer, the fixes and the importer place new components with them.
class ComponentPlacement final {
public:
    static constexpr qreal kHeader = 40;  // height of a server box's title band
    static constexpr qreal kPadding = 10; // space between the box's edge and its rows
    static constexpr qreal kRowStep = 50; // vertical distance between component rows

    // The position of row `row` (0 = the first under the title band).
    static QPointF row(int row);
    // Below the lowest component `serverId` holds (the first row when it holds none).
    static QPointF next(const TopologyData &data, const QString &serverId);
};

} // namespace infrastage
