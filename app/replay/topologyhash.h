#pragma once

#include <QString>

namespace infrastage {
class TopologyData;
}

namespace infrastage::gui {

// A fingerprint of what a design runs: SHA-256 of its JSON interchange form with the canvas
// positions left out, so moving boxes keeps it and any other edit changes it. A recording
// stores the one of its design; a replay compares it with the open design's.
QString topologyHash(const TopologyData &topology);

} // namespace infrastage::gui
