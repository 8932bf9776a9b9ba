#pragma once

#include "loadgenerator.h"

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <vector>

namespace infrastage::runtime {

// What a load's requests came to, added up one request at a time (RunReport reads it): counts
// per backend server, status code and error kind, retries, each server's first and last
// request, and the latency distribution. Its size does not grow with the number of requests,
// so a load that runs until stopped (the designer's) holds the same few kilobytes after an
// hour as after a second: latencies are kept exactly up to kExactLatencies requests, then in
// logarithmic buckets 0.5 % wide (percentiles within 0.25 %).
class LoadTally final {
public:
    static constexpr int kExactLatencies = 100000;

    void add(const LoadGenerator::Result &result);

    qint64 requests() const { return m_requests; }
    qint64 failed() const { return m_failed; } // no answer at all
    qint64 serverErrors() const { return m_serverErrors; }
    qint64 retried() const { return m_retried; }
    const QMap<QString, int> &servers() const { return m_servers; } // answers per server
    const QMap<QString, QPair<double, double>> &serverTimes() const { return m_serverTimes; }
    const QMap<QString, int> &statuses() const { return m_statuses; }
    const QMap<QString, int> &errors() const { return m_errors; } // failures per reason

    // The p-th percentile (0-100) of the answered requests' latencies in ms, nearest rank.
    double latencyPercentileMs(double p) const;
    double latencyMaxMs() const { return m_maxMs; }
    // Bytes the latencies take: bounded whatever the number of requests (for tests).
    qsizetype latencyBytes() const;

private:
    void addLatency(double ms);
    void toBuckets(); // from the exact values to the buckets, for good
    static int bucketOf(double ms);
    static double bucketValue(int bucket);

    qint64 m_requests = 0;
    qint64 m_failed = 0;
    qint64 m_serverErrors = 0;
    qint64 m_retried = 0;
    QMap<QString, int> m_servers;
    QMap<QString, QPair<double, double>> m_serverTimes; // first and last request start, seconds
    QMap<QString, int> m_statuses;
    QMap<QString, int> m_errors;
    mutable QList<double> m_exact; // sorted on demand
    mutable bool m_sorted = true;
    std::vector<qint64> m_buckets; // empty while the exact values are kept
    qint64 m_latencies = 0;
    double m_maxMs = 0;
};

} // namespace infrastage::runtime
