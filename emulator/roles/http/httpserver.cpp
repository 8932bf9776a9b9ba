#include "httpserver.h"

#include "errorpages.h"
#include "httpserverconnection.h"
#include "monotonic.h"
#include "peerfilter.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

namespace infrastage::http {

Responder::Responder(HttpServerConnection *connection)
    : m_connection(connection) {}

void Responder::send(const HttpResponse &response) const {
    if (m_connection)
        m_connection->send(response);
}

bool Responder::connected() const {
    return !m_connection.isNull();
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_listener(new QTcpServer(this)) {
    connect(m_listener, &QTcpServer::pendingConnectionAvailable, this,
            &HttpServer::onNewConnection);
    connect(&m_sweepTimer, &QTimer::timeout, this, &HttpServer::sweep);
    setOptions(m_options);
}

HttpServer::~HttpServer() {
    // Connections are children; drop them from the set before QObject deletes them.
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

void HttpServer::onNewConnection() {
    while (QTcpSocket *s = m_listener->nextPendingConnection()) {
        if (m_filter && m_filter->isCut(s->peerAddress())) {
            emit rejected(s->peerAddress(), 0, "peer is cut");
            s->abort();
            s->deleteLater();
            continue;
        }
        auto *c = new HttpServerConnection(this, s);
        m_connections.insert(c);
        connect(c, &QObject::destroyed, this, [this, c] { m_connections.remove(c); });
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
    if (m_latencyMs <= 0) {
        m_handler(request, Responder(c));
        return;
    }
    QPointer<HttpServerConnection> weak(c);
    QTimer::singleShot(m_latencyMs, this, [this, weak, r = std::move(request)] {
        if (weak)
            m_handler(r, Responder(weak.data()));
    });
}

} // namespace infrastage::http
