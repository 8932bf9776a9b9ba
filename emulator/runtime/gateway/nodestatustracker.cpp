#include "nodestatustracker.h"

#include "fault.h"

#include "events/eventkind.h"

namespace infrastage::runtime {

QString nodeStatusName(NodeStatus status) {
    switch (status) {
    case NodeStatus::Stopped:
        return QStringLiteral("stopped");
    case NodeStatus::Starting:
        return QStringLiteral("starting");
    case NodeStatus::Up:
        return QStringLiteral("up");
    case NodeStatus::Slowed:
        return QStringLiteral("slowed");
    case NodeStatus::Frozen:
        return QStringLiteral("frozen");
    case NodeStatus::Down:
        return QStringLiteral("down");
    case NodeStatus::Fenced:
        return QStringLiteral("fenced");
    case NodeStatus::FailedOver:
        return QStringLiteral("failed over");
    case NodeStatus::Stopping:
        return QStringLiteral("stopping");
    }
    return QString();
}

NodeStatusTracker::NodeStatusTracker(QObject *parent)
    : QObject(parent) {}

void NodeStatusTracker::clear() {
    m_facts.clear();
    m_status.clear();
}

void NodeStatusTracker::onNodeState(const QString &node, NodeState state) {
    Facts &f = m_facts[node];
    if (state == NodeState::Starting)
        f = Facts(); // a (re)started process begins with a clean slate
    f.process = state;
    update(node);
}

void NodeStatusTracker::onEvent(const RuntimeEvent &e) {
    if (!m_facts.contains(e.node))
        return;
    Facts &f = m_facts[e.node];
    if (e.kind == EventKind::RuntimeFault &&
        e.details.value(QLatin1String("fault")).toString() == faultKindName(FaultKind::Slow)) {
        f.slowMs = e.details.value(QLatin1String("ms")).toInt();
    } else if (e.kind == EventKind::DbFenced) {
        f.fenced = true;
    } else if (e.kind == EventKind::DbRole) {
        const QString role = e.details.value(QLatin1String("role")).toString();
        f.fenced = role == QLatin1String("fenced");
        // A database reports its role only when it changes: to primary is a promotion.
        f.promoted = role == QLatin1String("primary");
    } else {
        return;
    }
    update(e.node);
}

void NodeStatusTracker::update(const QString &node) {
    const Facts &f = m_facts.value(node);
    NodeStatus s = NodeStatus::Stopped;
    switch (f.process) {
    case NodeState::Stopped:
        s = NodeStatus::Stopped;
        break;
    case NodeState::Starting:
        s = NodeStatus::Starting;
        break;
    case NodeState::Frozen:
        s = NodeStatus::Frozen;
        break;
    case NodeState::Stopping:
        s = NodeStatus::Stopping;
        break;
    case NodeState::Failed:
        s = NodeStatus::Down;
        break;
    case NodeState::Running:
        s = f.fenced     ? NodeStatus::Fenced
            : f.slowMs   ? NodeStatus::Slowed
            : f.promoted ? NodeStatus::FailedOver
                         : NodeStatus::Up;
        break;
    }
    const auto it = m_status.constFind(node);
    if (it != m_status.constEnd() && *it == s)
        return;
    m_status.insert(node, s);
    emit changed(node, s);
}

} // namespace infrastage::runtime
