#pragma once

#include "gateway/nodestatus.h"
#include "gateway/nodestatustracker.h"
#include "runtimeevent.h"

#include <QList>
#include <QPair>

namespace infrastage::gui {

// The status of every node of a recorded run, from its events alone: the orchestrator's
// runtime.* events say what each process did (launched, ready, exited, frozen, resumed, the
// whole run stopping), and the runtime's NodeStatusTracker refines that with the rest (slow
// faults, a database fenced or promoted) exactly as it does for a live run.
class RecordedNodeStates final {
public:
    RecordedNodeStates();

    // The status changes `event` brings, in order.
    QList<QPair<QString, runtime::NodeStatus>> apply(const runtime::RuntimeEvent &event);

private:
    void setProcess(const QString &node, runtime::NodeState state);

    runtime::NodeStatusTracker m_tracker;
    QHash<QString, runtime::NodeState> m_process;
    QList<QPair<QString, runtime::NodeStatus>> m_changes;
};

} // namespace infrastage::gui
