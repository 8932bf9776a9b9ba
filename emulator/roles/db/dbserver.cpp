#include "dbserver.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <fcntl.h>

namespace infrastage::db {

DbServer::DbServer(qsizetype maxFrame, DbConnection::Handler handler, QObject *parent)
    : QObject(parent)
    , m_maxFrame(maxFrame)
    , m_handler(std::move(handler)) {
    connect(&m_server, &QTcpServer::newConnection, this, &DbServer::onNewConnection);
}

bool DbServer::listen(const QString &address, quint16 port, bool fallback, QString *error) {
    const QHostAddress host(address);
    if (host.isNull() || !host.isLoopback()) {
        *error = QStringLiteral("listen address %1 is not inside 127.0.0.0/8").arg(address);
        return false;
    }
    if (m_server.listen(host, port))
        return true;
    if (fallback && port != 0 && m_server.listen(host, 0))
        return true;
    *error = QStringLiteral("cannot listen on %1:%2: %3")
                 .arg(address)
                 .arg(port)
                 .arg(m_server.errorString());
    return false;
}

QString DbServer::address() const {
    return m_server.serverAddress().toString();
}

quint16 DbServer::port() const {
    return m_server.serverPort();
}

void DbServer::setDelayMs(int ms) {
    m_delayMs = ms;
    for (DbConnection *c : std::as_const(m_connections))
        c->setDelayMs(ms);
}

void DbServer::cut(const QString &peer) {
    m_cut.insert(peer);
    const QSet<DbConnection *> all = m_connections;
    for (DbConnection *c : all) {
        if (c->peerAddress() == peer)
            c->close();
    }
}

void DbServer::heal(const QString &peer) {
    m_cut.remove(peer);
}

void DbServer::closeAll() {
    m_server.close();
    const QSet<DbConnection *> all = m_connections;
    for (DbConnection *c : all)
        c->close();
}

void DbServer::onNewConnection() {
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        const QString peer = QHostAddress(socket->peerAddress().toIPv4Address()).toString();
        // The connection goes on with the descriptor alone (DbConnection); the socket Qt made
        // for it is dropped before it ever read (its notifier reaches the kernel only at the
        // end of this pass).
        const int fd = m_cut.contains(peer)
                           ? -1
                           : ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        delete socket;
        auto *c = new DbConnection(fd, peer, m_maxFrame, m_handler, this);
        c->setDelayMs(m_delayMs);
        m_connections.insert(c);
        connect(c, &DbConnection::closed, this, [this](DbConnection *closed) {
            m_connections.remove(closed);
            emit connectionClosed(closed);
        });
    }
}

} // namespace infrastage::db
