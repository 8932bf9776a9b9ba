// Orchestrator: cutting the network links between the internet and the design (issue 11,
// section 4). Such a link joins no two processes (a client, a standalone firewall): cutting
// it tells the entry points that lost every way in to refuse connections from outside the
// design ({"cmd":"internet"}, docs/runtime.md).
#include "events/eventkind.h"
#include "nodeprocess.h"
#include "orchestrator.h"

#include <QJsonArray>

namespace infrastage::runtime {

bool Orchestrator::cutInternetLink(const Link &link, bool cut, QString *error) {
    if (m_state != RuntimeState::Running) {
        *error = QStringLiteral("the topology is %1, not running").arg(runtimeStateName(m_state));
        return false;
    }
    // The event names the link (two ISP links may join the same two nodes) and its ends.
    const Fault fault{cut ? FaultKind::Cut : FaultKind::Heal, link.id, {}, 0, 0.0};
    QJsonObject details{{QStringLiteral("fault"), faultKindName(fault.kind)},
                        {QStringLiteral("description"),
                         QStringLiteral("%1 (%2 - %3)").arg(fault.describe(), link.from, link.to)},
                        {QStringLiteral("link"), link.id},
                        {QStringLiteral("from"), link.from},
                        {QStringLiteral("to"), link.to}};
    const QList<InternetLinks::Change> changes = m_internet.set(m_topology, link.id, cut);
    QJsonArray unreachable;
    for (const Endpoint &e : m_plan.endpoints()) {
        if (e.host == e.node && m_internet.unreachable(e.node))
            unreachable.append(e.node);
    }
    details.insert(QStringLiteral("unreachable"), unreachable);
    emitRuntimeEvent(link.id, EventKind::RuntimeFault, details);
    for (const InternetLinks::Change &c : changes) {
        for (const Endpoint &e : m_plan.endpoints()) {
            if (e.host == c.entry)
                tellInternet(e.node);
        }
    }
    return true;
}

void Orchestrator::tellInternet(const QString &node) {
    const Endpoint *e = m_plan.endpoint(node);
    NodeProcess *p = m_processes.value(node);
    if (!e || !p || p->state() != NodeState::Running)
        return;
    const bool reachable = !m_internet.unreachable(e->host);
    // Where every node shares 127.0.0.1, nothing tells the design's nodes from the internet:
    // all connections are refused then.
    QJsonArray inside;
    QSet<QString> seen;
    for (const Endpoint &other : m_plan.endpoints()) {
        if (m_plan.perHost() && other.address != QLatin1String("127.0.0.1") &&
            !seen.contains(other.address)) {
            seen.insert(other.address);
            inside.append(other.address);
        }
    }
    p->sendControl(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("internet")},
                               {QStringLiteral("reachable"), reachable},
                               {QStringLiteral("inside"), inside}});
}

} // namespace infrastage::runtime
