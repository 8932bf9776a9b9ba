#pragma once

#include "diffcommand.h"

namespace infrastage::gui {

// A whole-topology transformation computed elsewhere (an automatic fix, a paste of a template)
// recorded as the difference between the model now and `after`.
class TransformCommand final : public DiffCommand {
public:
    TransformCommand(const QString &text, Topology *topology, const TopologyData &after);
};

} // namespace infrastage::gui
