#pragma once

#include "model/topologydata.h"

#include <QHash>
#include <QPointF>

namespace infrastage {

// Lays a design out cleanly with the designer's own box sizes (NodeGeometry): each server's
// components stacked in rows by their real heights, then the hosts left to right with
// Graphviz' dot, like the reference diagram (client and DNS first, then load balancers, then
// servers), ranks far enough apart for the links' labels. The designer's "Tidy Layout", the
// importers and `infrastage-cli layout` all use it.
namespace TidyLayout {

// New positions: hosts' top-left corners on the snap grid, components relative to their
// server. Nodes not in the map keep theirs.
bool compute(const TopologyData &data, QHash<QString, QPointF> *positions, QString *error);
// `data` with the positions of compute() applied.
bool apply(TopologyData *data, QString *error);

} // namespace TidyLayout

} // namespace infrastage
