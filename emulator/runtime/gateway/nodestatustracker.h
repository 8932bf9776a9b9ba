#pragma once

#include "nodestatus.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include <QHash>
#include <QObject>

namespace infrastage::runtime {

// Keeps the NodeStatus of every node of a run from the orchestrator's process states and the
// event stream (slow faults, db.fenced, db.role), announcing each change once.
class NodeStatusTracker final : public QObject {
    Q_OBJECT

public:
    explicit NodeStatusTracker(QObject *parent = nullptr);

    void onNodeState(const QString &node, NodeState state);
    void onEvent(const RuntimeEvent &event);
    void clear();

    NodeStatus status(const QString &node) const { return m_status.value(node); }
    QHash<QString, NodeStatus> all() const { return m_status; }

signals:
    void changed(const QString &node, infrastage::runtime::NodeStatus status);

private:
    struct Facts {
        NodeState process = NodeState::Stopped;
        int slowMs = 0;
        bool fenced = false;
        bool promoted = false;
    };
    void update(const QString &node);

    QHash<QString, Facts> m_facts;
    QHash<QString, NodeStatus> m_status;
};

} // namespace infrastage::runtime
