#pragma once

#include "topologydiff.h"

#include <QUndoCommand>

namespace infrastage::gui {

// The base of every edit: an undo command that applies a TopologyDiff to the model. Subclasses
// build the diff from ids and values and decide how typing and dragging merge.
class DiffCommand : public QUndoCommand {
public:
    DiffCommand(const QString &text, Topology *topology, const TopologyDiff &diff);

    void redo() override;
    void undo() override;

    const TopologyDiff &diff() const { return m_diff; }

protected:
    Topology *m_topology;
    TopologyDiff m_diff;
};

// Merge ids of the commands that merge (QUndoCommand::id()).
enum CommandId {
    MoveNodesId = 1,
    EditNodeId = 2,
    EditLinkId = 3,
};

} // namespace infrastage::gui
