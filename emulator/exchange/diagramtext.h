#pragma once

#include "model/topologydata.h"

#include <QStringList>

namespace infrastage {

// What the diagram exporters write in a box, shared so that every format says the same:
// the name, a kind hint when the name alone would read as another kind, and the design IP.
namespace DiagramText {
QStringList lines(const TopologyData &topology, const Node &node);
// The words on an arrow: "backend", "reads", "DNS www.foobar.com", a network link's label.
QString linkLabel(const Link &link);
// Top-level nodes in document order, then each server's components after it.
QList<const Node *> hosts(const TopologyData &topology);
} // namespace DiagramText

} // namespace infrastage
