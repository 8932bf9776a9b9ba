#include "requestqueue.h"

#include "monotonic.h"

#include <algorithm>

namespace infrastage::roles::lb {

RequestQueue::RequestQueue(QList<BackendServer> *servers, int timeoutMs, Expired expired)
    : m_servers(servers)
    , m_timeoutMs(timeoutMs)
    , m_expired(std::move(expired))
    , m_perServer(size_t(servers->size())) {
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, [this] { expire(); });
}

std::deque<RequestQueue::Waiting> &RequestQueue::queueOf(int queue) {
    return queue == kBackend ? m_backend : m_perServer[size_t(queue)];
}

int RequestQueue::length(int queue) const {
    return int(queue == kBackend ? m_backend.size() : m_perServer[size_t(queue)].size());
}

int RequestQueue::push(const ExchangePtr &x, int queue) {
    std::deque<Waiting> &q = queueOf(queue);
    q.push_back({x, queue, http::monotonicNs()});
    updateGauges();
    if (!m_timer.isActive())
        arm();
    return int(q.size());
}

RequestQueue::Waiting RequestQueue::pop(int server, bool backendToo) {
    std::deque<Waiting> &own = m_perServer[size_t(server)];
    for (;;) {
        const bool backend = backendToo && !m_backend.empty();
        std::deque<Waiting> *from = nullptr;
        if (!own.empty() && (!backend || own.front().enqueuedNs <= m_backend.front().enqueuedNs))
            from = &own;
        else if (backend)
            from = &m_backend;
        if (!from)
            return {};
        Waiting w = std::move(from->front());
        from->pop_front();
        updateGauges();
        if (w.exchange->responder.connected())
            return w; // a client that has gone frees its place, as HAProxy's does
    }
}

void RequestQueue::redistribute(int server) {
    std::deque<Waiting> &own = m_perServer[size_t(server)];
    if (own.empty())
        return;
    std::deque<Waiting> merged;
    std::merge(std::make_move_iterator(m_backend.begin()), std::make_move_iterator(m_backend.end()),
               std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()),
               std::back_inserter(merged),
               [](const Waiting &a, const Waiting &b) { return a.enqueuedNs < b.enqueuedNs; });
    for (Waiting &w : merged)
        w.queue = kBackend;
    m_backend = std::move(merged);
    own.clear();
    updateGauges();
}

void RequestQueue::updateGauges() {
    for (size_t i = 0; i < m_perServer.size(); ++i)
        (*m_servers)[int(i)].queued = int(m_perServer[i].size());
    if (m_backendGauge)
        *m_backendGauge = int(m_backend.size());
}

void RequestQueue::arm() {
    // Every request waits the same timeout, so the oldest is at the head of some queue.
    qint64 oldest = m_backend.empty() ? -1 : m_backend.front().enqueuedNs;
    for (const std::deque<Waiting> &q : m_perServer) {
        if (!q.empty() && (oldest < 0 || q.front().enqueuedNs < oldest))
            oldest = q.front().enqueuedNs;
    }
    if (oldest < 0)
        return;
    const qint64 dueNs = oldest + qint64(m_timeoutMs) * 1000000;
    const qint64 leftMs = (dueNs - http::monotonicNs() + 999999) / 1000000;
    m_timer.start(int(std::max<qint64>(leftMs, 0)));
}

void RequestQueue::expire() {
    const qint64 limitNs = http::monotonicNs() - qint64(m_timeoutMs) * 1000000;
    std::vector<Waiting> expired;
    auto drop = [&](std::deque<Waiting> &q) {
        while (!q.empty() && q.front().enqueuedNs <= limitNs) {
            expired.push_back(std::move(q.front()));
            q.pop_front();
        }
    };
    drop(m_backend);
    for (std::deque<Waiting> &q : m_perServer)
        drop(q);
    updateGauges();
    std::sort(expired.begin(), expired.end(),
              [](const Waiting &a, const Waiting &b) { return a.enqueuedNs < b.enqueuedNs; });
    for (const Waiting &w : expired) {
        if (w.exchange->responder.connected())
            m_expired(w);
    }
    arm();
}

} // namespace infrastage::roles::lb
