#include "metricsnapshot.h"

namespace infrastage::runtime {

namespace {

template <typename T> QJsonObject toObject(const QMap<QString, T> &m) {
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(it.key(), double(it.value()));
    return o;
}

} // namespace

QJsonObject MetricSnapshot::toJson() const {
    return QJsonObject{{QStringLiteral("at"), at},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("requests"), requests},
                       {QStringLiteral("requests_per_second"), requestsPerSecond},
                       {QStringLiteral("servers"), toObject(backendRate)},
                       {QStringLiteral("latency_ms"), QJsonObject{{QStringLiteral("p50"), p50Ms},
                                                                  {QStringLiteral("p95"), p95Ms},
                                                                  {QStringLiteral("p99"), p99Ms}}},
                       {QStringLiteral("errors"), toObject(errors)},
                       {QStringLiteral("replication_lag_ms"), toObject(replicationLagMs)},
                       {QStringLiteral("total_requests"), double(totalRequests)},
                       {QStringLiteral("total_errors"), double(totalErrors)}};
}

} // namespace infrastage::runtime
