#include "tcpsplice.h"

#include "monotonic.h"

#include <QTcpSocket>

namespace infrastage::roles::lb {

TcpSplice::TcpSplice(QTcpSocket *client, QTcpSocket *server, int clientTimeoutMs,
                     int serverTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_server(server)
    , m_clientTimeoutMs(clientTimeoutMs)
    , m_serverTimeoutMs(serverTimeoutMs) {
    client->setParent(this);
    server->setParent(this);
    m_clientLastMs = m_serverLastMs = http::coarseMs();
    connect(client, &QTcpSocket::readyRead, this,
            [this] { pump(m_client, m_server, &m_bytesIn, &m_clientLastMs); });
    connect(server, &QTcpSocket::readyRead, this,
            [this] { pump(m_server, m_client, &m_bytesOut, &m_serverLastMs); });
    connect(client, &QTcpSocket::disconnected, this,
            [this] { close(QStringLiteral("client closed")); });
    connect(server, &QTcpSocket::disconnected, this,
            [this] { close(QStringLiteral("server closed")); });
    connect(client, &QTcpSocket::errorOccurred, this,
            [this] { close(QStringLiteral("client closed")); });
    connect(server, &QTcpSocket::errorOccurred, this,
            [this] { close(QStringLiteral("server closed")); });
    // Bytes the client sent before the server connection existed.
    if (client->bytesAvailable() > 0)
        pump(m_client, m_server, &m_bytesIn, &m_clientLastMs);
}

void TcpSplice::pump(QTcpSocket *from, QTcpSocket *to, qint64 *counter, qint64 *lastMs) {
    if (!from || !to)
        return;
    const QByteArray bytes = from->readAll();
    if (bytes.isEmpty())
        return;
    *counter += bytes.size();
    *lastMs = http::coarseMs();
    to->write(bytes);
    to->flush();
}

void TcpSplice::checkTimeouts(qint64 nowMs) {
    if (nowMs - m_clientLastMs > m_clientTimeoutMs && nowMs - m_serverLastMs > m_clientTimeoutMs)
        close(QStringLiteral("client timeout"));
    else if (nowMs - m_serverLastMs > m_serverTimeoutMs &&
             nowMs - m_clientLastMs > m_serverTimeoutMs)
        close(QStringLiteral("server timeout"));
}

void TcpSplice::close(const QString &reason) {
    if (m_done)
        return;
    m_done = true;
    // Deliver what is already read before closing the other side.
    if (m_client && m_server) {
        pump(m_client, m_server, &m_bytesIn, &m_clientLastMs);
        pump(m_server, m_client, &m_bytesOut, &m_serverLastMs);
    }
    for (QTcpSocket *s : {m_client.data(), m_server.data()}) {
        if (!s)
            continue;
        s->disconnect(this);
        s->disconnectFromHost();
    }
    emit finished(m_bytesIn, m_bytesOut, reason);
    deleteLater();
}

} // namespace infrastage::roles::lb
