#include "loadtally.h"

#include "runreport.h"

#include <algorithm>
#include <cmath>

namespace infrastage::runtime {

namespace {
constexpr double kFloorMs = 0.001; // 1 µs: bucket 0 holds everything below
constexpr double kGrowth = 1.005;  // each bucket 0.5 % wider than the one before
constexpr int kBuckets = 4200;     // up to 1 µs × 1.005^4200 ≈ 1.3 × 10^6 s
} // namespace

void LoadTally::add(const LoadGenerator::Result &r) {
    ++m_requests;
    if (r.retried)
        ++m_retried;
    if (r.status == 0) {
        ++m_failed;
        ++m_errors[r.error.isEmpty() ? QStringLiteral("unknown") : r.error];
        return;
    }
    ++m_statuses[QString::number(r.status)];
    if (r.status >= 500)
        ++m_serverErrors;
    const QString server =
        r.servedBy.isEmpty() ? QStringLiteral("(none)") : RunReport::serverOf(r.servedBy);
    ++m_servers[server];
    const double at = double(r.startNs) / 1e9;
    auto it = m_serverTimes.find(server);
    if (it == m_serverTimes.end())
        m_serverTimes.insert(server, {at, at});
    else
        *it = {qMin(it->first, at), qMax(it->second, at)};
    addLatency(double(r.latencyNs) / 1e6);
}

void LoadTally::addLatency(double ms) {
    ++m_latencies;
    m_maxMs = qMax(m_maxMs, ms);
    if (m_buckets.empty() && m_exact.size() < kExactLatencies) {
        m_exact.append(ms);
        m_sorted = false;
        return;
    }
    if (m_buckets.empty())
        toBuckets();
    ++m_buckets[size_t(bucketOf(ms))];
}

void LoadTally::toBuckets() {
    m_buckets.assign(kBuckets, 0);
    for (double v : std::as_const(m_exact))
        ++m_buckets[size_t(bucketOf(v))];
    m_exact = QList<double>(); // its memory too
    m_sorted = true;
}

int LoadTally::bucketOf(double ms) {
    if (!(ms > kFloorMs))
        return 0;
    const int b = int(std::log(ms / kFloorMs) / std::log(kGrowth)) + 1;
    return qBound(1, b, kBuckets - 1);
}

double LoadTally::bucketValue(int bucket) {
    if (bucket == 0)
        return kFloorMs;
    // The middle of [floor × g^(b-1), floor × g^b), geometrically.
    return kFloorMs * std::pow(kGrowth, double(bucket) - 0.5);
}

double LoadTally::latencyPercentileMs(double p) const {
    if (m_buckets.empty()) {
        if (!m_sorted) {
            std::sort(m_exact.begin(), m_exact.end());
            m_sorted = true;
        }
        return RunReport::percentile(m_exact, p);
    }
    if (m_latencies == 0)
        return 0;
    const qint64 rank =
        qBound<qint64>(1, qint64(std::ceil(p / 100.0 * double(m_latencies))), m_latencies);
    qint64 seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_buckets[size_t(b)];
        if (seen >= rank)
            return qMin(bucketValue(b), m_maxMs);
    }
    return m_maxMs;
}

qsizetype LoadTally::latencyBytes() const {
    return m_exact.capacity() * qsizetype(sizeof(double)) +
           qsizetype(m_buckets.capacity() * sizeof(qint64));
}

} // namespace infrastage::runtime
