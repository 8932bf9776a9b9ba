#pragma once

#include "validationissue.h"

namespace infrastage {

class TopologyData;

// Checks a topology for everything the model forbids: duplicate ids, dangling links,
// misplaced components, bad property values, duplicate addresses, nonsensical link kinds,
// replicas without a primary. Returns every issue, in document order.
ValidationIssues validateTopology(const TopologyData &topology);

// Whether any of `issues` makes the topology unloadable.
bool hasStructuralIssue(const ValidationIssues &issues);

} // namespace infrastage
