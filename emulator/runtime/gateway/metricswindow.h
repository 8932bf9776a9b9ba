#pragma once

#include "loadgenerator.h"
#include "metricsnapshot.h"
#include "runtimeevent.h"

#include <QList>

namespace infrastage::runtime {

// Collects a load's results and the replication reports of the event stream between two
// snapshots, and turns them into a MetricSnapshot.
class MetricsWindow final {
public:
    void add(const LoadGenerator::Result &result);
    void addEvent(const RuntimeEvent &event); // replication.lag; other kinds are ignored
    // The snapshot of everything since the last one, `at` seconds after the load started.
    MetricSnapshot take(double at);

private:
    QMap<QString, int> m_servers;
    QMap<QString, int> m_errors;
    QList<double> m_latenciesMs;
    QMap<QString, double> m_lag;
    int m_requests = 0;
    double m_lastAt = 0;
    qint64 m_totalRequests = 0;
    qint64 m_totalErrors = 0;
};

} // namespace infrastage::runtime
