#include "metricswindow.h"

#include "runreport.h"

#include "events/eventkind.h"

#include <algorithm>

namespace infrastage::runtime {

void MetricsWindow::add(const LoadGenerator::Result &r) {
    ++m_requests;
    ++m_totalRequests;
    if (r.status == 0) {
        ++m_errors[httpFailureName(r.failure)];
        ++m_totalErrors;
        return;
    }
    if (r.status >= 400) {
        ++m_errors[r.status >= 500 ? QStringLiteral("5xx") : QStringLiteral("4xx")];
        ++m_totalErrors;
    }
    ++m_servers[r.servedBy.isEmpty() ? QStringLiteral("(none)") : RunReport::serverOf(r.servedBy)];
    m_latenciesMs.append(double(r.latencyNs) / 1e6);
}

void MetricsWindow::addEvent(const RuntimeEvent &e) {
    if (e.kind == EventKind::ReplicationLag)
        m_lag.insert(e.node, e.details.value(QLatin1String("behind_ms")).toDouble());
}

MetricSnapshot MetricsWindow::take(double at) {
    MetricSnapshot s;
    s.at = at;
    s.seconds = qMax(1e-9, at - m_lastAt);
    s.requests = m_requests;
    s.requestsPerSecond = double(m_requests) / s.seconds;
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it)
        s.backendRate.insert(it.key(), double(it.value()) / s.seconds);
    std::sort(m_latenciesMs.begin(), m_latenciesMs.end());
    s.p50Ms = RunReport::percentile(m_latenciesMs, 50);
    s.p95Ms = RunReport::percentile(m_latenciesMs, 95);
    s.p99Ms = RunReport::percentile(m_latenciesMs, 99);
    s.errors = m_errors;
    s.replicationLagMs = m_lag; // the latest report stands until the next one
    s.totalRequests = m_totalRequests;
    s.totalErrors = m_totalErrors;
    m_servers.clear();
    m_errors.clear();
    m_latenciesMs.clear();
    m_requests = 0;
    m_lastAt = at;
    return s;
}

} // namespace infrastage::runtime
