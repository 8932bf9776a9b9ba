#include "recordednodestates.h"

#include "fault.h"

#include "events/eventkind.h"

namespace infrastage::gui {

using runtime::NodeState;
using runtime::RuntimeEvent;

RecordedNodeStates::RecordedNodeStates() {
    QObject::connect(&m_tracker, &runtime::NodeStatusTracker::changed, &m_tracker,
                     [this](const QString &node, runtime::NodeStatus status) {
                         m_changes.append({node, status});
                     });
}

void RecordedNodeStates::setProcess(const QString &node, NodeState state) {
    m_process.insert(node, state);
    m_tracker.onNodeState(node, state);
}

QList<QPair<QString, runtime::NodeStatus>> RecordedNodeStates::apply(const RuntimeEvent &e) {
    m_changes.clear();
    const QString &k = e.kind;
    if (k == EventKind::RuntimeStarting) {
        setProcess(e.node, NodeState::Starting);
    } else if (k == EventKind::RuntimeReady) {
        setProcess(e.node, NodeState::Running);
    } else if (k == EventKind::RuntimeExited) {
        // An exit the orchestrator asked for (a stop) is Stopped; any other one is a failure.
        const bool expected = e.details.value(QLatin1String("expected")).toBool();
        setProcess(e.node, expected ? NodeState::Stopped : NodeState::Failed);
    } else if (k == EventKind::RuntimeFault) {
        runtime::FaultKind fault;
        if (runtime::faultKindFromName(e.details.value(QLatin1String("fault")).toString(),
                                       &fault)) {
            if (fault == runtime::FaultKind::Freeze)
                setProcess(e.node, NodeState::Frozen);
            else if (fault == runtime::FaultKind::Resume)
                setProcess(e.node, NodeState::Running);
        }
    } else if (k == EventKind::RuntimeStopping || k == EventKind::RuntimeStartFailed) {
        for (auto it = m_process.cbegin(); it != m_process.cend(); ++it)
            if (*it == NodeState::Running || *it == NodeState::Frozen || *it == NodeState::Starting)
                m_tracker.onNodeState(it.key(), NodeState::Stopping);
    }
    m_tracker.onEvent(e);
    return m_changes;
}

} // namespace infrastage::gui
