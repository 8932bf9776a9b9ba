#include "guestbookdatabase.h"

namespace infrastage::roles::app {

using db::DbErrorCode;
using db::DbResult;

namespace {
constexpr int kRequestTimeoutMs = 3000;
}

GuestbookDatabase &GuestbookDatabase::instance() {
    static GuestbookDatabase db;
    return db;
}

GuestbookDatabase::Connection &GuestbookDatabase::connection(const QJsonObject &endpoint) {
    const QString key = endpoint.value(QLatin1String("address")).toString() + QLatin1Char(':') +
                        QString::number(endpoint.value(QLatin1String("port")).toInt());
    Connection &c = m_connections[key];
    if (!c.client) {
        c.client = std::make_unique<db::DbClient>();
        c.client->setRequestTimeout(kRequestTimeoutMs);
        Connection *pc = &c;
        auto settle = [pc](bool ok) {
            const auto waiting = std::exchange(pc->waiting, {});
            for (const auto &w : waiting)
                w(ok);
        };
        connect(c.client.get(), &db::DbClient::connected, this, [settle] { settle(true); });
        connect(c.client.get(), &db::DbClient::disconnected, this, [settle] { settle(false); });
    }
    return c;
}

void GuestbookDatabase::query(const QJsonObject &endpoint, const QString &sql,
                              const QCborArray &params, const QString &trace, Callback callback) {
    const QString address = endpoint.value(QLatin1String("address")).toString();
    const quint16 port = quint16(endpoint.value(QLatin1String("port")).toInt());
    if (address.isEmpty() || port == 0) {
        callback(
            DbResult::failure(DbErrorCode::NotConnected, QStringLiteral("no database configured")));
        return;
    }
    Connection &c = connection(endpoint);
    db::DbClient *client = c.client.get();
    if (client->isConnected()) {
        client->query(sql, params, std::move(callback), trace);
        return;
    }
    const bool connecting = !c.waiting.isEmpty();
    c.waiting.append([client, sql, params, trace, callback](bool ok) {
        if (ok)
            client->query(sql, params, callback, trace);
        else
            callback(DbResult::failure(DbErrorCode::ConnectionLost,
                                       QStringLiteral("database %1:%2 unreachable")
                                           .arg(client->address())
                                           .arg(client->port())));
    });
    if (!connecting)
        client->connectToServer(address, port, m_source);
}

} // namespace infrastage::roles::app
