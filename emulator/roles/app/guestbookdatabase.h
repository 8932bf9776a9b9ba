#pragma once

#include "dbclient.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>

#include <functional>
#include <memory>

namespace infrastage::roles::app {

// The guestbook's connections to its databases: one client per database endpoint (as given in
// the app's "databases" config, replaced by set_databases), connected on first use and
// reconnected after a failure. Requests made while connecting wait for the connection.
class GuestbookDatabase final : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const db::DbResult &)>;

    static GuestbookDatabase &instance();

    // endpoint: {"id","address","port"}.
    void query(const QJsonObject &endpoint, const QString &sql, const QCborArray &params,
               const QString &trace, Callback callback);
    // Where its connections come from: the application's own host address, as every role's
    // outgoing sockets (a firewall or a cut link on the database's side tells callers apart).
    void setSourceAddress(const QString &address) { m_source = address; }

private:
    struct Connection {
        std::unique_ptr<db::DbClient> client;
        QList<std::function<void(bool)>> waiting; // run once connected (true) or failed
    };
    Connection &connection(const QJsonObject &endpoint);

    std::map<QString, Connection> m_connections;
    QString m_source;
};

} // namespace infrastage::roles::app
