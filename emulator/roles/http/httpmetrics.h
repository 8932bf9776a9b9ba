#pragma once

#include <QByteArray>

#include <array>
#include <atomic>

namespace infrastage::http {

// What a web or app role serves on GET /metrics (Prometheus text format 0.0.4): requests,
// responses by status class, a fixed-bucket latency histogram, requests in flight and open
// connections. Cheap on the hot path: a few relaxed atomic increments per request, no
// allocation; the text is made only when scraped. Names: monitoring/metricnames.h.
class HttpMetrics final {
public:
    // Upper bounds of the latency buckets, in µs (Prometheus' usual seconds buckets).
    static constexpr std::array<qint64, 11> kBoundsUs{
        1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000};

    void requestStarted() { m_requests.fetch_add(1, std::memory_order_relaxed); }
    // A response was sent `durationNs` after its request was complete.
    void responded(int status, qint64 durationNs);

    QByteArray render(int connections) const;

private:
    std::atomic<quint64> m_requests{0};
    std::atomic<quint64> m_responded{0};
    std::array<std::atomic<quint64>, 6> m_byClass{}; // 1xx..5xx, then anything else
    std::array<std::atomic<quint64>, kBoundsUs.size() + 1> m_buckets{}; // last: +Inf
    std::atomic<quint64> m_sumUs{0};
};

} // namespace infrastage::http
