#pragma once

#include "backendserver.h"
#include "balancer.h"
#include "fastevent.h"
#include "httpserver.h"
#include "lbcounters.h"
#include "proxyexchange.h"
#include "requestqueue.h"
#include "upstreampool.h"

#include <QObject>

#include <memory>

namespace infrastage::roles::lb {

// The HTTP mode of the load balancer: one request at a time per client connection, forwarded to
// the server the balancer picks, with HAProxy's retries/redispatch, queues at maxconn, timeouts
// and error pages.
class HttpProxy final : public QObject {
    Q_OBJECT

public:
    HttpProxy(QList<BackendServer> *servers, Balancer *balancer, http::UpstreamPool *pool,
              const LbConfig &config, LbCounters *counters, bool tracing, QObject *parent);

    // `tls`: the request came to the HTTPS listener (never redirected; X-Forwarded-Proto).
    void handle(const http::ServerRequest &request, const http::Responder &responder,
                bool tls = false);
    // A server changed state: DOWN hands its queue to the backend's, UP takes queued requests.
    void serverChanged(int server, bool up);
    int backendQueueLength() const { return m_queue.length(RequestQueue::kBackend); }

private:
    // lb.request's fields; writeRequest() writes its line unless the forward already has.
    void addRequestFields(FastEvent &e, const ProxyExchange &x) const;
    void writeRequest(ProxyExchange &x);
    void attempt(const ExchangePtr &x);
    // `reasonField`: the reason as a ready-made field (Balancer::Choice), when there is one.
    void forward(const ExchangePtr &x, int server, const QString &reason,
                 const QByteArray &reasonField = QByteArray());
    void enqueue(const ExchangePtr &x, int queue, const QString &reason);
    // Gives free slots to the requests waiting for them, oldest first.
    void drain();
    void drainServer(int server, bool backendQueue);
    void queueExpired(const RequestQueue::Waiting &w);
    void onResult(const ExchangePtr &x, int server, http::UpstreamResult &&r);
    void finish(const ExchangePtr &x, int server, http::UpstreamResult &&r);
    void respond(const ExchangePtr &x, int server, http::UpstreamResult &&r);
    // lb.response; with detail, the response as received and as forwarded.
    void writeResponse(const ProxyExchange &x, const BackendServer &s, int status, qsizetype bytes,
                       bool reused, const QJsonObject *received, const QJsonObject *forwarded);
    void fail(const ExchangePtr &x, int status, const QString &reason, int server);
    void redirect(const http::ServerRequest &request, const http::Responder &responder);

    QList<BackendServer> *m_servers;
    Balancer *m_balancer;
    http::UpstreamPool *m_pool;
    const LbConfig &m_config;
    LbCounters *m_counters;
    bool m_tracing;
    RequestQueue m_queue;
    bool m_draining = false;
    bool m_drainAgain = false;
};

} // namespace infrastage::roles::lb
