#include "editnodecommand.h"

#include "model/topology.h"

namespace infrastage::gui {

namespace {
TopologyDiff nodeEdit(const TopologyData &data, const Node &after) {
    TopologyDiff d;
    if (const Node *before = data.node(after.id))
        d.changeNode(*before, after);
    return d;
}
TopologyDiff linkEdit(const TopologyData &data, const Link &after) {
    TopologyDiff d;
    if (const Link *before = data.link(after.id))
        d.changeLink(*before, after);
    return d;
}
} // namespace

EditNodeCommand::EditNodeCommand(const QString &text, Topology *topology, const Node &after,
                                 const QString &field)
    : DiffCommand(text, topology, nodeEdit(topology->data(), after))
    , m_nodeId(after.id)
    , m_field(field) {}

bool EditNodeCommand::mergeWith(const QUndoCommand *other) {
    const auto *o = static_cast<const EditNodeCommand *>(other);
    if (o->m_nodeId != m_nodeId || o->m_field != m_field || m_field.isEmpty())
        return false;
    return m_diff.absorbChanges(o->m_diff);
}

EditLinkCommand::EditLinkCommand(const QString &text, Topology *topology, const Link &after,
                                 const QString &field)
    : DiffCommand(text, topology, linkEdit(topology->data(), after))
    , m_linkId(after.id)
    , m_field(field) {}

bool EditLinkCommand::mergeWith(const QUndoCommand *other) {
    const auto *o = static_cast<const EditLinkCommand *>(other);
    if (o->m_linkId != m_linkId || o->m_field != m_field || m_field.isEmpty())
        return false;
    return m_diff.absorbChanges(o->m_diff);
}

} // namespace infrastage::gui
