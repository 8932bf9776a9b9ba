#include "transformcommand.h"

#include "model/topology.h"

namespace infrastage::gui {

TransformCommand::TransformCommand(const QString &text, Topology *topology,
                                   const TopologyData &after)
    : DiffCommand(text, topology, TopologyDiff::between(topology->data(), after)) {}

} // namespace infrastage::gui
