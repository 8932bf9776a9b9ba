#include "diffcommand.h"

namespace infrastage::gui {

DiffCommand::DiffCommand(const QString &text, Topology *topology, const TopologyDiff &diff)
    : QUndoCommand(text)
    , m_topology(topology)
    , m_diff(diff) {}

void DiffCommand::redo() {
    m_diff.redo(m_topology);
}

void DiffCommand::undo() {
    m_diff.undo(m_topology);
}

} // namespace infrastage::gui
