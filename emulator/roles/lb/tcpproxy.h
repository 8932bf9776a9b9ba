#pragma once

#include "backendserver.h"
#include "balancer.h"
#include "listenspec.h"

#include <QObject>
#include <QSet>
#include <QTimer>

class QTcpServer;
class QTcpSocket;

namespace infrastage::http {
class ConnectionLimit;
class PeerFilter;
} // namespace infrastage::http

namespace infrastage::roles::lb {

class TcpSplice;

// The tcp mode of the load balancer ("mode tcp"): each client connection goes to the server the
// balancer picks, with retries/redispatch on connect failure, then bytes are spliced unchanged.
class TcpProxy final : public QObject {
    Q_OBJECT

public:
    TcpProxy(QList<BackendServer> *servers, Balancer *balancer, const LbConfig &config,
             const http::PeerFilter *filter, bool tracing, QObject *parent);
    ~TcpProxy() override { m_limit = nullptr; } // the limit's owner may be gone first
    // The frontend's maxconn (call before listen()).
    void setConnectionLimit(http::ConnectionLimit *limit);
    bool listen(const http::ListenSpec &spec, QString *error);
    void close(); // stops accepting; spliced connections go on
    QHostAddress address() const;
    quint16 port() const;
    void setExtraLatency(int ms) { m_latencyMs = ms; }
    void abortPeer(const QHostAddress &peer);
    void abortRefused(); // every connection the peer filter now refuses
    int connectionCount() const { return int(m_splices.size()); }

private:
    void onNewConnection();
    void connectAttempt(QTcpSocket *client, QSet<int> tried, int attempt, int fixed);

    QList<BackendServer> *m_servers;
    Balancer *m_balancer;
    const LbConfig &m_config;
    const http::PeerFilter *m_filter;
    bool m_tracing;
    QTcpServer *m_listener;
    QHostAddress m_source;
    QTimer m_sweep;
    int m_latencyMs = 0;
    QSet<TcpSplice *> m_splices;
    http::ConnectionLimit *m_limit = nullptr;
};

} // namespace infrastage::roles::lb
