#pragma once

#include "model/topologydata.h"

#include <QHash>
#include <QPointF>

namespace infrastage::gui {

// Lays hosts out left to right with Graphviz' dot, like the reference diagram: client and DNS
// first, then load balancers, then servers. Links between components count for their hosts.
namespace AutoLayout {

// Top-left positions for every host, snapped to the grid.
bool compute(const TopologyData &data, QHash<QString, QPointF> *positions, QString *error);

} // namespace AutoLayout

} // namespace infrastage::gui
