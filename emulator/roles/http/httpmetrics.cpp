#include "httpmetrics.h"

#include "monitoring/metricnames.h"

namespace infrastage::http {

namespace mon = infrastage::monitoring;

void HttpMetrics::responded(int status, qint64 durationNs) {
    const int cls = status >= 100 && status < 600 ? status / 100 - 1 : 5;
    m_byClass[size_t(cls)].fetch_add(1, std::memory_order_relaxed);
    const qint64 us = durationNs > 0 ? durationNs / 1000 : 0;
    size_t b = 0;
    while (b < kBoundsUs.size() && us > kBoundsUs[b])
        ++b;
    m_buckets[b].fetch_add(1, std::memory_order_relaxed);
    m_sumUs.fetch_add(quint64(us), std::memory_order_relaxed);
    m_responded.fetch_add(1, std::memory_order_relaxed);
}

QByteArray HttpMetrics::render(int connections) const {
    const quint64 requests = m_requests.load(std::memory_order_relaxed);
    const quint64 responded = m_responded.load(std::memory_order_relaxed);
    QByteArray out;
    out.reserve(2048);
    auto header = [&](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    header(mon::kHttpRequests, "counter", "Requests received.");
    out += QByteArray(mon::kHttpRequests) + ' ' + QByteArray::number(requests) + '\n';
    header(mon::kHttpResponses, "counter", "Responses sent, by status class.");
    static const char *const classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    for (size_t i = 0; i < m_byClass.size(); ++i)
        out += QByteArray(mon::kHttpResponses) + "{code=\"" + classes[i] + "\"} " +
               QByteArray::number(m_byClass[i].load(std::memory_order_relaxed)) + '\n';
    header(mon::kHttpDuration, "histogram",
           "Time from a complete request to its response, in seconds.");
    quint64 cumulative = 0;
    for (size_t b = 0; b < m_buckets.size(); ++b) {
        cumulative += m_buckets[b].load(std::memory_order_relaxed);
        const QByteArray le =
            b < kBoundsUs.size() ? QByteArray::number(double(kBoundsUs[b]) / 1e6) : "+Inf";
        out += QByteArray(mon::kHttpDurationBucket) + "{le=\"" + le + "\"} " +
               QByteArray::number(cumulative) + '\n';
    }
    out += QByteArray(mon::kHttpDuration) + "_sum " +
           QByteArray::number(double(m_sumUs.load(std::memory_order_relaxed)) / 1e6) + '\n';
    out += QByteArray(mon::kHttpDuration) + "_count " + QByteArray::number(cumulative) + '\n';
    header(mon::kHttpInFlight, "gauge", "Requests received and not answered yet.");
    out += QByteArray(mon::kHttpInFlight) + ' ' +
           QByteArray::number(requests > responded ? requests - responded : 0) + '\n';
    header(mon::kHttpConnections, "gauge", "Open client connections.");
    out += QByteArray(mon::kHttpConnections) + ' ' + QByteArray::number(connections) + '\n';
    return out;
}

} // namespace infrastage::http
