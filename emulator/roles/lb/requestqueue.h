#pragma once

#include "backendserver.h"
#include "proxyexchange.h"

#include <QTimer>

#include <deque>
#include <functional>

namespace infrastage::roles::lb {

// HAProxy's queues in front of servers at their maxconn: one per server, for requests bound to
// that server (the source hash chose it, a retry without redispatch), and one for the backend,
// for requests any server may take when every one was full. A freed slot takes the oldest
// request of its server's queue and the backend's; a request waiting longer than "timeout
// queue" leaves with 503.
class RequestQueue final {
public:
    static constexpr int kBackend = -1; // the backend's queue, in place of a server index

    struct Waiting {
        ExchangePtr exchange;
        int queue = kBackend; // where it waited: a server index or kBackend
        qint64 enqueuedNs = 0;
    };
    using Expired = std::function<void(const Waiting &)>;

    RequestQueue(QList<BackendServer> *servers, int timeoutMs, Expired expired);

    // Queues `x` on `server`'s queue or the backend's; returns that queue's length.
    int push(const ExchangePtr &x, int queue);
    // The oldest request `server` may take now (its own queue, or the backend's too), or a
    // null exchange. Requests whose client has gone are dropped on the way.
    Waiting pop(int server, bool backendToo = true);
    int length(int queue) const;
    // Kept equal to the backend queue's length (the stats page's gauge).
    void setBackendGauge(int *gauge) { m_backendGauge = gauge; }
    // A server went DOWN: what waited for it alone may go to any server (option redispatch).
    void redistribute(int server);

private:
    std::deque<Waiting> &queueOf(int queue);
    void updateGauges();
    void arm();
    void expire();

    QList<BackendServer> *m_servers;
    int m_timeoutMs;
    Expired m_expired;
    std::deque<Waiting> m_backend;
    std::vector<std::deque<Waiting>> m_perServer;
    QTimer m_timer; // the oldest head's deadline: one timer, not one per request
    int *m_backendGauge = nullptr;
};

} // namespace infrastage::roles::lb
