#pragma once

#include "httpmessage.h"
#include "httpmetrics.h"
#include "httpserver.h"
#include "peerfilter.h"
#include "role.h"
#include "tracecontext.h"
#include "upstreampool.h"

#include <QJsonArray>
#include <QJsonObject>

namespace infrastage::roles {

// What the lb, web and app roles share: the listener, the upstream pool, the fault commands
// (slow, cut, heal, delay, loss) and the helpers that turn messages into event details.
class HttpRole : public Role {
    Q_OBJECT

public:
    explicit HttpRole(QObject *parent = nullptr);

    void control(const QJsonObject &command) override;
    void stop() override;

    // {"line": ..., "headers": [[name, value], ...]} for detail events.
    static QJsonObject messageJson(const QByteArray &line, const http::HttpHeaders &headers);
    static QJsonObject requestJson(const http::HttpRequest &r);
    static QJsonObject responseJson(const http::HttpResponse &r);

protected:
    // Reads the common keys (listen, detail, tracing, timeouts.client/idle) and listens.
    bool startServer(const QJsonObject &config, const http::HttpServer::Options &defaults,
                     QString *error);
    // GET /metrics on the role's own listener (web, app): requests, latency, connections.
    void serveMetrics() { m_server.setMetrics(&m_metrics); }
    // Per-request events are on unless the config said "tracing": false.
    bool tracing() const { return m_tracing; }
    // Hook for roles with more fault targets (lb's tcp listener, stats).
    virtual void onCut(const QHostAddress &peer) { Q_UNUSED(peer); }
    // The filter now refuses the internet: drop such connections on the other listeners too.
    virtual void onInternetCut() {}
    virtual void onSlow(int ms) { Q_UNUSED(ms); }

    http::HttpServer m_server;
    http::UpstreamPool m_pool;
    http::PeerFilter m_filter;
    QHostAddress m_listenAddress;
    http::HttpMetrics m_metrics;

private:
    bool m_tracing = true;
};

} // namespace infrastage::roles
