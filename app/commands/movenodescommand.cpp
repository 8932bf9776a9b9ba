#include "movenodescommand.h"

#include "model/topology.h"

namespace infrastage::gui {

namespace {
TopologyDiff moves(const TopologyData &data, const QHash<QString, QPointF> &positions) {
    TopologyDiff d;
    for (const Node &n : data.nodes()) { // document order, for a stable diff
        auto it = positions.constFind(n.id);
        if (it == positions.constEnd() || n.position == *it)
            continue;
        Node moved = n;
        moved.position = *it;
        d.changeNode(n, moved);
    }
    return d;
}
} // namespace

MoveNodesCommand::MoveNodesCommand(const QString &text, Topology *topology,
                                   const QHash<QString, QPointF> &positions, int session)
    : DiffCommand(text, topology, moves(topology->data(), positions))
    , m_session(session) {}

bool MoveNodesCommand::mergeWith(const QUndoCommand *other) {
    const auto *o = static_cast<const MoveNodesCommand *>(other);
    if (o->m_session != m_session)
        return false;
    return m_diff.absorbChanges(o->m_diff);
}

} // namespace infrastage::gui
