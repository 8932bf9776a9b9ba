#pragma once

#include "backendserver.h"
#include "balancer.h"
#include "httprole.h"
#include "lbcounters.h"

#include <functional>
#include <memory>

namespace infrastage::http {
class ConnectionLimit;
}

namespace infrastage::roles::lb {

class HealthChecker;
class HttpProxy;
class StatsPage;
class TcpProxy;
class VrrpInstance;

// The HAProxy role: a frontend (http or tcp mode), one backend of servers with health checks,
// and an optional stats listener.
class LbRole final : public HttpRole {
    Q_OBJECT

public:
    LbRole();
    ~LbRole() override;
    bool start(const QJsonObject &config, QString *error) override;
    void stop() override;
    void control(const QJsonObject &command) override;

protected:
    void onCut(const QHostAddress &peer) override;
    void onInternetCut() override;
    void onSlow(int ms) override;

private:
    void onTransition(int index, bool up, const QString &check, int code, qint64 durationUs);
    bool startHttps(QString *error);
    // A frontend server answering like m_server (TLS: like the HTTPS listener), not listening.
    http::HttpServer *newFrontend(bool tls, QString *error);
    // The VIP of a pair (lbrolevip.cpp): VRRP with the peers; the frontend bound on the VIP
    // while this load balancer is MASTER.
    bool startVrrp(const QJsonObject &config, QJsonObject *extra, QString *error);
    bool bindVip(quint16 *port, quint16 *httpsPort, bool fallback, QString *error);
    void releaseVip();
    void stopVrrp();
    void eachListener(const std::function<void(TcpProxy *)> &tcp,
                      const std::function<void(http::HttpServer *)> &http);
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
    bool m_tracingOn = true;
    QHostAddress m_vipAddress;               // the loopback address standing for the VIP
    VrrpInstance *m_vrrp = nullptr;          // member of a group sharing a VIP, else null
    http::HttpServer *m_vipServer = nullptr; // the frontend on the VIP (http mode)
    http::HttpServer *m_vipHttps = nullptr;  // its HTTPS listener on the VIP
    TcpProxy *m_vipTcp = nullptr;            // the frontend on the VIP (tcp mode)
};

} // namespace infrastage::roles::lb
