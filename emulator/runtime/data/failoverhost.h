#pragma once

#include <QObject>

namespace infrastage::runtime {

class FailoverManager;
class Orchestrator;

// Hosts automatic failover in a run: once the orchestrator reports every node ready, starts a
// FailoverManager for each primary database whose topology sets auto_failover, with its
// replicas, failover_timeout and fencing. Promotion goes through the orchestrator (which also
// repoints applications and replicas); each step becomes an event of the merged stream.
class FailoverHost final : public QObject {
    Q_OBJECT

public:
    explicit FailoverHost(Orchestrator *orchestrator);

private:
    void onStarted();

    Orchestrator *m_orchestrator;
    QList<FailoverManager *> m_managers;
};

} // namespace infrastage::runtime
