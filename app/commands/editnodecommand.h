#pragma once

#include "diffcommand.h"

namespace infrastage::gui {

// Replaces one node by an edited copy (a property, its name, its parent). Successive edits of
// the same field of the same node (typing) merge into one undo step.
class EditNodeCommand final : public DiffCommand {
public:
    EditNodeCommand(const QString &text, Topology *topology, const Node &after,
                    const QString &field);

    int id() const override { return EditNodeId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    QString m_nodeId;
    QString m_field;
};

// The same for one link.
class EditLinkCommand final : public DiffCommand {
public:
    EditLinkCommand(const QString &text, Topology *topology, const Link &after,
                    const QString &field);

    int id() const override { return EditLinkId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    QString m_linkId;
    QString m_field;
};

} // namespace infrastage::gui
