#pragma once

#include "finding.h"

namespace infrastage {

class TopologyData;

// Runs every analysis rule over a topology; findings come sorted by severity, then rule id.
Findings analyzeTopology(const TopologyData &topology);

} // namespace infrastage
