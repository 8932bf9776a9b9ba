#include "tcpproxy.h"

#include "connectionlimit.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "gatedserver.h"
#include "monotonic.h"
#include "peerfilter.h"
#include "tcpsplice.h"

#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

namespace infrastage::roles::lb {

namespace {
QString endpoint(const QTcpSocket *s) {
    return s->peerAddress().toString() + QLatin1Char(':') + QString::number(s->peerPort());
}
} // namespace

TcpProxy::TcpProxy(QList<BackendServer> *servers, Balancer *balancer, const LbConfig &config,
                   const http::PeerFilter *filter, bool tracing, QObject *parent)
    : QObject(parent)
    , m_servers(servers)
    , m_balancer(balancer)
    , m_config(config)
    , m_filter(filter)
    , m_tracing(tracing)
    , m_listener(new firewall::GatedServer<QTcpServer>(this)) {
    connect(m_listener, &QTcpServer::pendingConnectionAvailable, this, &TcpProxy::onNewConnection);
    m_sweep.setInterval(std::clamp(std::min(config.clientMs, config.serverMs) / 4, 20, 1000));
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        const qint64 now = http::coarseMs();
        const auto all = m_splices;
        for (TcpSplice *s : all)
            if (m_splices.contains(s))
                s->checkTimeouts(now);
    });
}

bool TcpProxy::listen(const http::ListenSpec &spec, QString *error) {
    if (!spec.listen(m_listener, error))
        return false;
    m_source = spec.address;
    m_sweep.start();
    return true;
}

void TcpProxy::close() {
    m_listener->close();
}

QHostAddress TcpProxy::address() const {
    return m_listener->serverAddress();
}

quint16 TcpProxy::port() const {
    return m_listener->serverPort();
}

void TcpProxy::abortPeer(const QHostAddress &peer) {
    for (QTcpSocket *s : findChildren<QTcpSocket *>())
        if (s->peerAddress().isEqual(peer, QHostAddress::ConvertV4MappedToIPv4))
            s->abort();
}

void TcpProxy::abortRefused() {
    for (QTcpSocket *s : findChildren<QTcpSocket *>())
        if (m_filter->refuses(s->peerAddress()))
            s->abort();
}

void TcpProxy::setConnectionLimit(http::ConnectionLimit *limit) {
    m_limit = limit;
    // As HttpServer: what is beyond the limit waits in the kernel's accept queue.
    m_listener->setMaxPendingConnections(1);
    m_listener->setListenBacklogSize(std::max(limit->max(), 1));
    limit->addListener([this] { onNewConnection(); });
}

void TcpProxy::onNewConnection() {
    while (!(m_limit && m_limit->full())) {
        QTcpSocket *client = m_listener->nextPendingConnection();
        if (!client)
            break;
        if (m_filter->refuses(client->peerAddress())) {
            client->abort();
            client->deleteLater();
            continue;
        }
        if (m_limit) {
            m_limit->acquire();
            // The client socket lives until its connection is over, spliced or not.
            connect(client, &QObject::destroyed, this, [this] {
                if (m_limit)
                    m_limit->release();
            });
        }
        client->setParent(this);
        client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        if (m_latencyMs > 0) {
            QPointer<QTcpSocket> weak(client);
            QTimer::singleShot(m_latencyMs, this, [this, weak] {
                if (weak)
                    connectAttempt(weak, {}, 0, -1);
            });
        } else {
            connectAttempt(client, {}, 0, -1);
        }
    }
}

void TcpProxy::connectAttempt(QTcpSocket *client, QSet<int> tried, int attempt, int fixed) {
    const QString clientName = endpoint(client);
    Balancer::Choice c;
    if (fixed >= 0)
        c = {fixed, QStringLiteral("retry: same server (no redispatch)")};
    else
        c = m_balancer->choose(client->peerAddress(), tried);
    if (c.index < 0) {
        if (m_tracing)
            EventEmitter::emitEvent(EventKind::LbTcpError,
                                    QJsonObject{{QStringLiteral("client"), clientName},
                                                {QStringLiteral("reason"), c.reason}});
        client->abort();
        client->deleteLater();
        return;
    }
    BackendServer &s = (*m_servers)[c.index];
    if (m_tracing)
        EventEmitter::emitEvent(
            EventKind::LbChoice,
            QJsonObject{{QStringLiteral("server"), s.config.id},
                        {QStringLiteral("host"), s.config.host},
                        {QStringLiteral("address"), s.config.address.toString()},
                        {QStringLiteral("port"), s.config.port},
                        {QStringLiteral("algorithm"), m_balancer->algorithm()},
                        {QStringLiteral("reason"), c.reason},
                        {QStringLiteral("attempt"), attempt}});
    auto *server = new QTcpSocket(this);
    if (m_source != QHostAddress::LocalHost)
        server->bind(m_source, 0);
    auto *timer = new QTimer(server);
    timer->setSingleShot(true);
    QPointer<QTcpSocket> weakClient(client);
    const int index = c.index;
    auto failed = [this, server, timer, weakClient, tried, attempt,
                   index](const QString &why) mutable {
        timer->stop();
        timer->disconnect(this);
        server->disconnect(this);
        server->abort();
        server->deleteLater();
        if (!weakClient)
            return;
        if (attempt >= m_config.retries) {
            if (m_tracing)
                EventEmitter::emitEvent(
                    EventKind::LbTcpError,
                    QJsonObject{{QStringLiteral("client"), endpoint(weakClient)},
                                {QStringLiteral("reason"), why}});
            weakClient->abort();
            weakClient->deleteLater();
            return;
        }
        if (m_tracing)
            EventEmitter::emitEvent(
                EventKind::LbRetry,
                QJsonObject{{QStringLiteral("server"), m_servers->at(index).config.id},
                            {QStringLiteral("attempt"), attempt},
                            {QStringLiteral("error"), why},
                            {QStringLiteral("redispatch"), m_config.redispatch}});
        if (m_config.redispatch) {
            tried.insert(index);
            connectAttempt(weakClient, tried, attempt + 1, -1);
        } else {
            QTimer::singleShot(std::min(m_config.connectMs, 1000), this, [=, this] {
                if (weakClient)
                    connectAttempt(weakClient, tried, attempt + 1, index);
            });
        }
    };
    if (m_filter->isCut(s.config.address)) {
        QTimer::singleShot(0, this, [failed]() mutable {
            failed(QStringLiteral("Connection refused (link cut)"));
        });
        return;
    }
    connect(timer, &QTimer::timeout, this,
            [failed]() mutable { failed(QStringLiteral("connect timeout")); });
    connect(server, &QTcpSocket::errorOccurred, this,
            [server, failed]() mutable { failed(server->errorString()); });
    connect(server, &QTcpSocket::connected, this,
            [this, server, timer, weakClient, index, attempt, clientName] {
                timer->stop();
                server->disconnect(this);
                if (!weakClient) {
                    server->abort();
                    server->deleteLater();
                    return;
                }
                server->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                QTcpSocket *client = weakClient;
                disconnect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
                BackendServer &srv = (*m_servers)[index];
                ++srv.inFlight;
                ++srv.requests;
                const qint64 startNs = http::monotonicNs();
                auto *splice =
                    new TcpSplice(client, server, m_config.clientMs, m_config.serverMs, this);
                m_splices.insert(splice);
                if (m_tracing)
                    EventEmitter::emitEvent(
                        EventKind::LbTcpOpen,
                        QJsonObject{{QStringLiteral("client"), clientName},
                                    {QStringLiteral("server"), srv.config.id},
                                    {QStringLiteral("address"), srv.config.address.toString()},
                                    {QStringLiteral("port"), srv.config.port},
                                    {QStringLiteral("attempt"), attempt}});
                connect(splice, &TcpSplice::finished, this,
                        [this, splice, index, clientName, startNs](qint64 in, qint64 out,
                                                                   const QString &reason) {
                            m_splices.remove(splice);
                            BackendServer &b = (*m_servers)[index];
                            b.inFlight = std::max(0, b.inFlight - 1);
                            if (m_tracing)
                                EventEmitter::emitEvent(
                                    EventKind::LbTcpClose,
                                    QJsonObject{{QStringLiteral("client"), clientName},
                                                {QStringLiteral("server"), b.config.id},
                                                {QStringLiteral("bytes_in"), in},
                                                {QStringLiteral("bytes_out"), out},
                                                {QStringLiteral("duration_us"),
                                                 (http::monotonicNs() - startNs) / 1000},
                                                {QStringLiteral("reason"), reason}});
                        });
            });
    timer->start(m_config.connectMs);
    server->connectToHost(s.config.address, s.config.port);
}

} // namespace infrastage::roles::lb
