#pragma once

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// What a load looked like over the last interval (one point of the metrics charts).
struct MetricSnapshot {
    double at = 0;      // seconds since the load started, at the end of the interval
    double seconds = 0; // length of the interval
    int requests = 0;   // requests completed in the interval, answered or not
    double requestsPerSecond = 0;
    QMap<QString, double> backendRate;      // requests/s per backend server (first of X-Served-By)
    double p50Ms = 0, p95Ms = 0, p99Ms = 0; // latency of the interval's answered requests
    // Errors of the interval by class: "5xx", "4xx" (answers) and the HttpFailure names of
    // requests without an answer ("refused", "timeout", "closed", "tls", ...).
    QMap<QString, int> errors;
    QMap<QString, double> replicationLagMs; // per replica: behind_ms of its latest report
    qint64 totalRequests = 0;               // since the load started
    qint64 totalErrors = 0;

    QJsonObject toJson() const;
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::MetricSnapshot)
