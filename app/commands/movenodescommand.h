#pragma once

#include "diffcommand.h"

#include <QHash>
#include <QPointF>

namespace infrastage::gui {

// Moves nodes to new positions. Every step of one mouse drag carries the same `session` and
// merges into one undo step; align, distribute and layout use session 0 (never merge).
class MoveNodesCommand final : public DiffCommand {
public:
    MoveNodesCommand(const QString &text, Topology *topology,
                     const QHash<QString, QPointF> &positions, int session = 0);

    int id() const override { return m_session ? MoveNodesId : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    int m_session;
};

} // namespace infrastage::gui
