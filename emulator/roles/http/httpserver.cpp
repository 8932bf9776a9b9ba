#include "httpserver.h"

#include "connectionlimit.h"
#include "errorpages.h"
#include "gatedserver.h"
#include "httpmetrics.h"
#include "httpserverconnection.h"
#include "monotonic.h"
#include "peerfilter.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <fcntl.h>

namespace infrastage::http {

Responder::Responder(HttpServerConnection *connection, HttpMetrics *metrics, qint64 receivedNs)
    : m_connection(connection)
    , m_metrics(metrics)
    , m_receivedNs(receivedNs) {}

void Responder::send(const HttpResponse &response) const {
    if (m_metrics)
        m_metrics->responded(response.status, monotonicNs() - m_receivedNs);
    if (m_connection)
        m_connection->send(response);
}

void Responder::sendRaw(QByteArrayView bytes, int status) const {
    if (m_metrics)
        m_metrics->responded(status, monotonicNs() - m_receivedNs);
    if (m_connection)
        m_connection->sendRaw(bytes);
}

bool Responder::connected() const {
    return !m_connection.isNull();
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_listener(new firewall::GatedServer<QTcpServer>(this)) {
    connect(m_listener, &QTcpServer::pendingConnectionAvailable, this,
            &HttpServer::onNewConnection);
    connect(&m_sweepTimer, &QTimer::timeout, this, &HttpServer::sweep);
    setOptions(m_options);
}

HttpServer::~HttpServer() {
    // Connections are children; drop them from the set before QObject deletes them. The
    // limit may be gone already (its owner is destroyed first).
    m_limit = nullptr;
    const auto all = m_connections;
    m_connections.clear();
    for (HttpServerConnection *c : all)
        delete c;
}

void HttpServer::setOptions(const Options &options) {
    m_options = options;
    // A quarter of the shortest timeout keeps the error small without waking up often.
    const int shortest = std::min(options.requestTimeoutMs, options.idleTimeoutMs);
    m_sweepTimer.setInterval(std::clamp(shortest / 4, 20, 1000));
    if (m_listener->isListening())
        m_sweepTimer.start();
}

bool HttpServer::setTls(const QString &certificatePath, const QString &keyPath, QString *error) {
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available (Qt found no OpenSSL library)");
        return false;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificatePath);
    if (chain.isEmpty()) {
        *error = QStringLiteral("%1: no PEM certificate in it").arg(certificatePath);
        return false;
    }
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(keyPath, keyFile.errorString());
        return false;
    }
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull()) {
        *error = QStringLiteral("%1: no PEM EC or RSA private key in it").arg(keyPath);
        return false;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are not asked for certificates
    config.setProtocol(QSsl::TlsV1_2OrLater);
    auto *listener = new firewall::GatedServer<QSslServer>(this);
    listener->setFirewallListener(m_firewallListener);
    listener->setSslConfiguration(config);
    // A client that connects and never finishes its handshake is not kept waiting for.
    listener->setHandshakeTimeout(std::min(m_options.requestTimeoutMs, 10000));
    connect(listener, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
    connect(listener, &QSslServer::errorOccurred, this,
            [this](QSslSocket *socket, QAbstractSocket::SocketError) {
                emit handshakeFailed(socket->peerAddress(), socket->errorString());
            });
    connect(listener, &QSslServer::handshakeInterruptedOnError, this,
            [this](QSslSocket *socket, const QSslError &e) {
                emit handshakeFailed(socket->peerAddress(), e.errorString());
            });
    delete m_listener;
    m_listener = listener;
    m_tls = true;
    return true;
}

bool HttpServer::listen(const ListenSpec &spec, QString *error) {
    if (!spec.listen(m_listener, error))
        return false;
    m_sweepTimer.start();
    return true;
}

QHostAddress HttpServer::address() const {
    return m_listener->serverAddress();
}

quint16 HttpServer::port() const {
    return m_listener->serverPort();
}

void HttpServer::close() {
    m_listener->close();
    m_sweepTimer.stop();
}

void HttpServer::abortPeer(const QHostAddress &peer) {
    const auto all = m_connections;
    for (HttpServerConnection *c : all)
        if (c->peer().isEqual(peer, QHostAddress::ConvertV4MappedToIPv4))
            c->abort();
}

void HttpServer::setFirewallListener(const QString &name) {
    m_firewallListener = name;
    if (auto *plain = dynamic_cast<firewall::GatedServer<QTcpServer> *>(m_listener))
        plain->setFirewallListener(name);
    else if (auto *tls = dynamic_cast<firewall::GatedServer<QSslServer> *>(m_listener))
        tls->setFirewallListener(name);
}

void HttpServer::abortRefused() {
    const auto all = m_connections;
    for (HttpServerConnection *c : all)
        if (m_filter && m_filter->refuses(c->peer()))
            c->abort();
}

void HttpServer::setConnectionLimit(ConnectionLimit *limit) {
    m_limit = limit;
    // Qt accepts ahead into its own pending list: one at most, so that the rest wait in the
    // kernel, where HAProxy's wait too.
    m_listener->setMaxPendingConnections(1);
    m_listener->setListenBacklogSize(std::max(limit->max(), 1));
    limit->addListener([this] { onNewConnection(); });
}

void HttpServer::onNewConnection() {
    while (!(m_limit && m_limit->full())) {
        QTcpSocket *s = m_listener->nextPendingConnection();
        if (!s)
            break;
        if (m_filter && m_filter->refuses(s->peerAddress())) {
            emit rejected(s->peerAddress(), 0, "peer is cut");
            s->abort();
            s->deleteLater();
            continue;
        }
        HttpServerConnection *c = nullptr;
        QByteArray early;
        const int fd = m_tls ? -1 : ::fcntl(int(s->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd >= 0) {
            // Plain HTTP goes on with the descriptor alone: the socket Qt made for it is
            // dropped (its notifier never reached the kernel: that happens once per pass).
            c = new HttpServerConnection(this, fd, s->peerAddress(), s->peerPort());
            early = s->readAll(); // what Qt read while the connection waited (maxconn)
            delete s;
        } else {
            c = new HttpServerConnection(this, s);
        }
        m_connections.insert(c);
        if (m_limit)
            m_limit->acquire();
        connect(c, &QObject::destroyed, this, [this, c] {
            m_connections.remove(c);
            if (m_limit)
                m_limit->release();
        });
        c->takeEarlyInput(early);
    }
}

void HttpServer::sweep() {
    const qint64 now = coarseMs();
    const auto all = m_connections;
    for (HttpServerConnection *c : all)
        if (m_connections.contains(c))
            c->checkTimeouts(now);
}

void HttpServer::dispatch(HttpServerConnection *c, ServerRequest &&request) {
    if (!m_handler) {
        c->send(errorPage(404));
        return;
    }
    int latencyMs = m_latencyMs;
    if (m_filter && m_filter->impaired()) { // a delayed or lossy link to this peer
        if (m_filter->drops(request.peer)) {
            emit rejected(request.peer, 0, "request dropped (link loss)");
            c->abort();
            return;
        }
        latencyMs += m_filter->delayMs(request.peer);
    }
    if (m_metrics) {
        if (request.request.path() == "/metrics" &&
            (request.request.method == "GET" || request.request.method == "HEAD")) {
            HttpResponse r;
            r.body = m_metrics->render(connectionCount());
            r.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            c->send(r);
            return;
        }
        m_metrics->requestStarted();
    }
    if (latencyMs <= 0) {
        m_handler(request, Responder(c, m_metrics, request.receivedNs));
        return;
    }
    QPointer<HttpServerConnection> weak(c);
    QTimer::singleShot(latencyMs, this, [this, weak, r = std::move(request)] {
        if (weak)
            m_handler(r, Responder(weak.data(), m_metrics, r.receivedNs));
    });
}

} // namespace infrastage::http
