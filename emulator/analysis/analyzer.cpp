#include "analyzer.h"

namespace infrastage {

Findings analyzeTopology(const TopologyData &) {
    return {};
}

} // namespace infrastage
