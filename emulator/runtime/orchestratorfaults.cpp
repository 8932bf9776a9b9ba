// Orchestrator: fault injection (issue 4, section 5). Signals for kill/freeze/resume/restart,
// control commands on the node's stdin for slow/cut/heal/delay/loss/promote (node-process
// contract).
#include "events/eventkind.h"
#include "nodeconfigbuilder.h"
#include "nodeprocess.h"
#include "orchestrator.h"

#include <QJsonArray>

#include <algorithm>

namespace infrastage::runtime {

bool Orchestrator::inject(const Fault &fault, QString *error) {
    if (fault.kind == FaultKind::Cut || fault.kind == FaultKind::Heal) {
        if (const Link *l = InternetLinks::find(m_topology, fault.node, fault.peer))
            return cutInternetLink(*l, fault.kind == FaultKind::Cut, error);
        if (fault.peer.isEmpty()) {
            *error = QStringLiteral("%1: not a network link between the internet and the design; "
                                    "a cut between two nodes names both (cut:NODE=PEER)")
                         .arg(fault.node);
            return false;
        }
    }
    NodeProcess *p = m_processes.value(fault.node);
    if (!p) {
        *error = QStringLiteral("%1: no such running node").arg(fault.node);
        return false;
    }
    if (m_state != RuntimeState::Running) {
        *error = QStringLiteral("the topology is %1, not running").arg(runtimeStateName(m_state));
        return false;
    }
    const NodeState s = p->state();
    const bool alive = s == NodeState::Running || s == NodeState::Frozen;
    auto notAlive = [&] {
        *error = QStringLiteral("%1 is %2").arg(fault.node, nodeStateName(s));
        return false;
    };
    QJsonObject details{{QStringLiteral("fault"), faultKindName(fault.kind)},
                        {QStringLiteral("description"), fault.describe()}};
    switch (fault.kind) {
    case FaultKind::Kill:
        if (!alive && s != NodeState::Starting)
            return notAlive();
        m_killedByFault.insert(fault.node);
        emitRuntimeEvent(fault.node, EventKind::RuntimeFault, details);
        p->kill();
        return true;
    case FaultKind::Freeze:
        if (!p->freeze()) {
            *error = QStringLiteral("%1 is %2, cannot freeze it").arg(fault.node, nodeStateName(s));
            return false;
        }
        break;
    case FaultKind::Resume:
        if (!p->resume()) {
            *error = QStringLiteral("%1 is %2, not frozen").arg(fault.node, nodeStateName(s));
            return false;
        }
        break;
    case FaultKind::Slow:
        if (!alive)
            return notAlive();
        details.insert(QStringLiteral("ms"), fault.ms);
        p->sendControl(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("slow")},
                                   {QStringLiteral("ms"), fault.ms}});
        break;
    case FaultKind::Cut:
    case FaultKind::Heal:
    case FaultKind::Delay:
    case FaultKind::Loss: {
        NodeProcess *peer = m_processes.value(fault.peer);
        const Endpoint *a = m_plan.endpoint(fault.node);
        const Endpoint *b = m_plan.endpoint(fault.peer);
        if (!peer || !a || !b) {
            *error = QStringLiteral("%1: no such running node").arg(fault.peer);
            return false;
        }
        QJsonObject command{{QStringLiteral("cmd"), faultKindName(fault.kind)}};
        if (fault.kind == FaultKind::Delay || fault.kind == FaultKind::Loss) {
            for (const NodeProcess *end : {p, peer}) {
                if (!roleTakesDelayAndLoss(end->role())) {
                    *error = QStringLiteral("%1 is a %2 node: %3 applies to links between the "
                                            "load balancer, web and application servers")
                                 .arg(end == p ? fault.node : fault.peer, end->role(),
                                      faultKindName(fault.kind));
                    return false;
                }
            }
            const bool loss = fault.kind == FaultKind::Loss;
            const QString key = loss ? QStringLiteral("percent") : QStringLiteral("ms");
            const int value = std::clamp(loss ? fault.percent : fault.ms, 0, loss ? 100 : 600000);
            command.insert(key, value);
            details.insert(key, value);
        }
        // Both ends apply it: the one that connects and the one that accepts.
        command.insert(QStringLiteral("peer"), b->address);
        command.insert(QStringLiteral("peer_port"), b->port);
        command.insert(QStringLiteral("peer_node"), b->node);
        p->sendControl(command);
        command.insert(QStringLiteral("peer"), a->address);
        command.insert(QStringLiteral("peer_port"), a->port);
        command.insert(QStringLiteral("peer_node"), a->node);
        peer->sendControl(command);
        details.insert(QStringLiteral("peer"), fault.peer);
        if (a->address == b->address)
            details.insert(QStringLiteral("warning"),
                           QStringLiteral("both ends share %1: the fault applies to that whole "
                                          "address")
                               .arg(a->address));
        break;
    }
    case FaultKind::Restart:
        emitRuntimeEvent(fault.node, EventKind::RuntimeFault, details);
        m_killedByFault.remove(fault.node);
        if (alive || s == NodeState::Starting) {
            m_restartPending.insert(fault.node);
            p->stop(m_options.stopGraceMs);
            return true;
        }
        return launch(fault.node, error);
    case FaultKind::Promote:
        if (p->role() != QLatin1String("db")) {
            *error = QStringLiteral("%1 is a %2 node; only databases can be promoted")
                         .arg(fault.node, p->role());
            return false;
        }
        if (!alive)
            return notAlive();
        emitRuntimeEvent(fault.node, EventKind::RuntimeFault, details);
        promote(fault.node);
        return true;
    }
    emitRuntimeEvent(fault.node, EventKind::RuntimeFault, details);
    return true;
}

void Orchestrator::promote(const QString &id) {
    // The replica's old primary: the source of its replication link.
    QString oldPrimary;
    for (const Link *l : m_topology.linksTo(id)) {
        if (l->kind == LinkKind::Replication)
            oldPrimary = l->from;
    }
    m_processes.value(id)->sendControl(
        QJsonObject{{QStringLiteral("cmd"), QStringLiteral("promote")}});
    // Rewrite the model as it now is, so later configs (restarts) and repointing agree.
    const QList<Link> before = m_topology.links();
    for (const Link &l : before) {
        if (l.kind == LinkKind::Replication && l.to == id) {
            Link reversed = l;
            reversed.from = id;
            reversed.to = oldPrimary;
            m_topology.replaceLink(reversed);
        }
    }
    const QList<Link> reversedLinks = m_topology.links();
    for (Link l : reversedLinks) {
        if (oldPrimary.isEmpty() || l.from == id || l.to != oldPrimary)
            continue;
        if (l.kind == LinkKind::Replication || l.kind == LinkKind::Data) {
            l.to = id;
            m_topology.replaceLink(l);
        }
    }
    Node promoted = *m_topology.node(id);
    promoted.properties.insert(QStringLiteral("role"), QStringLiteral("primary"));
    m_topology.replaceNode(promoted);
    if (const Node *old = m_topology.node(oldPrimary)) {
        Node demoted = *old;
        demoted.properties.insert(QStringLiteral("role"), QStringLiteral("replica"));
        m_topology.replaceNode(demoted);
    }
    NodeConfigBuilder builder(m_topology, m_plan, m_runDir, m_options.detail);
    for (const QString &other : std::as_const(m_order)) {
        NodeProcess *p = m_processes.value(other);
        if (other == id || !p || p->state() != NodeState::Running)
            continue;
        QString error;
        const QJsonObject config = builder.build(other, &error);
        if (p->role() == QLatin1String("app")) {
            p->sendControl(QJsonObject{
                {QStringLiteral("cmd"), QStringLiteral("set_databases")},
                {QStringLiteral("databases"), config.value(QLatin1String("databases"))}});
        } else if (p->role() == QLatin1String("db") && other == oldPrimary) {
            p->sendControl(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("fence")}});
        } else if (p->role() == QLatin1String("db") && config.contains(QLatin1String("primary"))) {
            p->sendControl(
                QJsonObject{{QStringLiteral("cmd"), QStringLiteral("repoint")},
                            {QStringLiteral("primary"), config.value(QLatin1String("primary"))}});
        }
    }
}

} // namespace infrastage::runtime
