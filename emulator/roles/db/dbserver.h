#pragma once

#include "dbconnection.h"

#include "gatedserver.h"
#include <QObject>
#include <QSet>

#include <QTcpServer>

namespace infrastage::db {

// The listening socket of a db node and its connections; refuses peers that are "cut".
class DbServer final : public QObject {
    Q_OBJECT

public:
    DbServer(qsizetype maxFrame, DbConnection::Handler handler, QObject *parent = nullptr);

    bool listen(const QString &address, quint16 port, bool fallback, QString *error);
    QString address() const;
    quint16 port() const;

    void setDelayMs(int ms);
    void cut(const QString &peer);
    void heal(const QString &peer);
    bool isCut(const QString &peer) const { return m_cut.contains(peer); }
    void closeAll();

signals:
    void connectionClosed(infrastage::db::DbConnection *connection);

private:
    void onNewConnection();

    firewall::GatedServer<QTcpServer> m_server; // the host's firewalls decide first
    qsizetype m_maxFrame;
    DbConnection::Handler m_handler;
    QSet<DbConnection *> m_connections;
    QSet<QString> m_cut;
    int m_delayMs = 0;
};

} // namespace infrastage::db
