#include "failoverhost.h"

#include "failovermanager.h"
#include "firewallconfig.h"
#include "orchestrator.h"

namespace infrastage::runtime {

FailoverHost::FailoverHost(Orchestrator *orchestrator)
    : QObject(orchestrator)
    , m_orchestrator(orchestrator) {
    connect(orchestrator, &Orchestrator::started, this, &FailoverHost::onStarted);
    connect(orchestrator, &Orchestrator::stateChanged, this, [this](RuntimeState s) {
        if (s == RuntimeState::Stopping || s == RuntimeState::Stopped) {
            qDeleteAll(m_managers);
            m_managers.clear();
        }
    });
}

void FailoverHost::onStarted() {
    qDeleteAll(m_managers);
    m_managers.clear();
    const TopologyData &topology = m_orchestrator->topology();
    for (const Node &node : topology.nodes()) {
        if (node.kind != NodeKind::Database || !node.flag(QStringLiteral("auto_failover")) ||
            node.text(QStringLiteral("role")) != QLatin1String("primary"))
            continue;
        auto member = [this](const QString &id) {
            const NodeInfo info = m_orchestrator->node(id);
            return FailoverManager::Member{id, info.address, quint16(info.port)};
        };
        QList<FailoverManager::Member> members{member(node.id)};
        for (const Link *l : topology.linksFrom(node.id)) {
            if (l->kind == LinkKind::Replication)
                members.append(member(l->to));
        }
        if (members.size() < 2)
            continue;
        FailoverManager::Options options;
        options.failoverTimeoutMs = int(node.number(QStringLiteral("failover_timeout")));
        options.fencing = node.flag(QStringLiteral("fencing"));
        auto *manager = new FailoverManager(node.id, members, options, this);
        if (m_orchestrator->plan().perHost())
            manager->setSourceAddress(FirewallConfig::managementAddress());
        manager->setPromoter([this](const QString &replica, QString *error) {
            return m_orchestrator->inject(Fault{FaultKind::Promote, replica, {}, 0, 0.0}, error);
        });
        connect(manager, &FailoverManager::step, this,
                [this](const QString &n, const QString &kind, const QJsonObject &details) {
                    m_orchestrator->report(n, kind, details);
                });
        manager->start();
        m_managers.append(manager);
    }
}

} // namespace infrastage::runtime
