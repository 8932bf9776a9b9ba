#pragma once

#include "httpmessage.h"
#include "listenspec.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>

class QTcpServer;

namespace infrastage::http {

class ConnectionLimit;
class HttpMetrics;
class HttpServerConnection;
class PeerFilter;

// One request as a server received it.
struct ServerRequest {
    HttpRequest request;
    QHostAddress peer;
    QByteArray peerText; // peer.toString() in Latin-1, made once per connection
    quint16 peerPort = 0;
    qint64 receivedNs = 0; // CLOCK_MONOTONIC when the request was complete

    // Its answer goes out as it is made, no Connection field added (Responder::sendRaw).
    bool takesPlainResponse() const {
        return request.keepAlive && request.versionMajor == 1 && request.versionMinor == 1 &&
               request.method != "HEAD";
    }
};

// Answers one request, now or later. Holding it does not keep the connection alive: when the
// client is gone, send() does nothing.
class Responder final {
public:
    Responder() = default;
    explicit Responder(HttpServerConnection *connection, HttpMetrics *metrics = nullptr,
                       qint64 receivedNs = 0);
    // Sends `response` (Connection/Content-Length framing added); the next pipelined request,
    // if any, is handled after it.
    void send(const HttpResponse &response) const;
    // Sends a response as ready-made bytes (a proxy forwarding an upstream's, unchanged), for
    // a request that needs no Connection field in its answer: HTTP/1.1, keep-alive, not HEAD
    // (ServerRequest::takesPlainResponse()).
    void sendRaw(QByteArrayView bytes, int status) const;
    bool connected() const;

private:
    QPointer<HttpServerConnection> m_connection;
    HttpMetrics *m_metrics = nullptr; // counts the response and its latency
    qint64 m_receivedNs = 0;
};

// An HTTP/1.1 server on one listener: keep-alive, pipelining (answers in order), limits and
// timeouts, every connection independent so a bad client never stalls the others.
class HttpServer final : public QObject {
    Q_OBJECT

public:
    struct Options {
        qsizetype headerLimit = 16 * 1024; // request line + fields; more gets 431
        qsizetype bodyLimit = 1024 * 1024; // more gets 413
        int requestTimeoutMs = 10000;      // a started request must be complete by then: 408
        int idleTimeoutMs = 60000;         // an idle keep-alive connection is closed after it
        // HAProxy: the wait for a connection's first request is part of that request (408
        // after requestTimeoutMs); false (Nginx): it is idle time, closed silently.
        bool firstRequestTimed = false;
        int maxPipelined = 32; // requests queued per connection before reading stops
    };
    using Handler = std::function<void(const ServerRequest &, const Responder &)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setOptions(const Options &options);
    const Options &options() const { return m_options; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setPeerFilter(const PeerFilter *filter) { m_filter = filter; }
    // Which of the node's listeners this is for its firewall ("listen", "https", "stats"):
    // every connection passes firewall::FirewallGate first.
    void setFirewallListener(const QString &name);
    // maxconn: connections beyond the limit stay in the kernel's accept queue (its backlog
    // set to the limit, as HAProxy's) until one closes. Call before listen().
    void setConnectionLimit(ConnectionLimit *limit);
    // GET /metrics answers `metrics` (web, app), which counts every other request. Call once.
    void setMetrics(HttpMetrics *metrics) { m_metrics = metrics; }
    // Extra latency before each request is handled ({"cmd":"slow"}); 0 removes it.
    void setExtraLatency(int ms) { m_latencyMs = ms; }

    // HTTPS: TLS is terminated with this PEM certificate and key, and the handler sees
    // connections only once their handshake is done; a failed handshake closes that connection
    // alone (handshakeFailed). Call before listen().
    bool setTls(const QString &certificatePath, const QString &keyPath, QString *error);
    bool isTls() const { return m_tls; }

    bool listen(const ListenSpec &spec, QString *error);
    QHostAddress address() const;
    quint16 port() const;
    void close();
    // Drops every connection from `peer` ({"cmd":"cut"}).
    void abortPeer(const QHostAddress &peer);
    // Drops every connection the peer filter now refuses (the internet was cut off).
    void abortRefused();
    int connectionCount() const { return int(m_connections.size()); }

signals:
    // A request refused before any handler saw it: 400, 408, 413, 431 (status), or a connection
    // refused because its peer is cut, or a request dropped on a lossy link (status 0).
    void rejected(const QHostAddress &peer, int status, const QByteArray &reason);
    void handshakeFailed(const QHostAddress &peer, const QString &reason);

private:
    friend class HttpServerConnection;
    void onNewConnection();
    void sweep();
    void dispatch(HttpServerConnection *c, ServerRequest &&request);

    QTcpServer *m_listener = nullptr; // a firewall::GatedServer
    QString m_firewallListener = QStringLiteral("listen");
    bool m_tls = false;
    QTimer m_sweepTimer;
    Options m_options;
    Handler m_handler;
    const PeerFilter *m_filter = nullptr;
    ConnectionLimit *m_limit = nullptr;
    HttpMetrics *m_metrics = nullptr;
    int m_latencyMs = 0;
    QSet<HttpServerConnection *> m_connections;
};

} // namespace infrastage::http
