#pragma once

#include "backendserver.h"
#include "balancer.h"
#include "httprole.h"
#include "lbcounters.h"

#include <memory>

namespace infrastage::http {
class ConnectionLimit;
}

namespace infrastage::roles::lb {

class HealthChecker;
class HttpProxy;
class StatsPage;
class TcpProxy;

// The HAProxy role: a frontend (http or tcp mode), one backend of servers with health checks,
// and an optional stats listener.
class LbRole final : public HttpRole {
    Q_OBJECT

public:
    LbRole();
    ~LbRole() override;
    bool start(const QJsonObject &config, QString *error) override;
    void stop() override;

protected:
    void onCut(const QHostAddress &peer) override;
    void onInternetCut() override;
    void onSlow(int ms) override;

private:
    void onTransition(int index, bool up, const QString &check, int code, qint64 durationUs);
    bool startHttps(const http::HttpServer::Options &options, QString *error);
    bool makeLimit(); // the frontend's maxconn, when configured
    void onFrontendFull(bool full);

    LbConfig m_config;
    QList<BackendServer> m_servers;
    LbCounters m_counters;
    std::unique_ptr<Balancer> m_balancer;
    HealthChecker *m_checker = nullptr;
    HttpProxy *m_http = nullptr;
    TcpProxy *m_tcp = nullptr;
    http::HttpServer *m_stats = nullptr;
    http::HttpServer *m_https = nullptr; // the TLS listener, when the lb terminates HTTPS
    std::unique_ptr<StatsPage> m_statsPage;
    std::unique_ptr<http::ConnectionLimit> m_limit; // the frontend's maxconn, when set
};

} // namespace infrastage::roles::lb
