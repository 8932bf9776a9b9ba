#pragma once

#include "backendserver.h"
#include "balancer.h"
#include "httpserver.h"
#include "lbcounters.h"
#include "tracecontext.h"
#include "upstreampool.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>

namespace infrastage::roles::lb {

// The HTTP mode of the load balancer: one request at a time per client connection, forwarded to
// the server the balancer picks, with HAProxy's retries/redispatch, timeouts and error pages.
class HttpProxy final : public QObject {
    Q_OBJECT

public:
    HttpProxy(QList<BackendServer> *servers, Balancer *balancer, http::UpstreamPool *pool,
              const LbConfig &config, LbCounters *counters, bool tracing, QObject *parent);

    // `tls`: the request came to the HTTPS listener (never redirected; X-Forwarded-Proto).
    void handle(const http::ServerRequest &request, const http::Responder &responder,
                bool tls = false);

private:
    struct Exchange {
        http::ServerRequest request;
        http::Responder responder;
        http::TraceContext trace;
        QByteArray forwardBytes;
        QJsonObject forwardedDetail;
        QSet<int> tried;
        int attempt = 0;
        int fixedServer = -1; // retry target without redispatch
        qint64 forwardNs = 0;
    };
    using ExchangePtr = std::shared_ptr<Exchange>;

    void attempt(const ExchangePtr &x);
    void onResult(const ExchangePtr &x, int server, http::UpstreamResult &&r);
    void respond(const ExchangePtr &x, int server, http::UpstreamResult &&r);
    void fail(const ExchangePtr &x, int status, const QString &reason, int server);
    void redirect(const http::ServerRequest &request, const http::Responder &responder);

    QList<BackendServer> *m_servers;
    Balancer *m_balancer;
    http::UpstreamPool *m_pool;
    const LbConfig &m_config;
    LbCounters *m_counters;
    bool m_tracing;
};

} // namespace infrastage::roles::lb
