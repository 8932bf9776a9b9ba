#pragma once

#include "httpserver.h"

#include <QCborMap>
#include <QObject>

#include <functional>

namespace infrastage::db {

// The database's /metrics, on a small HTTP listener of its own (the planned metrics port, 9104
// as mysqld_exporter's): mysqld_exporter's names for what the alert rules read (read_only,
// seconds behind master, IO/SQL thread running) and the binlog positions. The text is made
// from the server's status only when scraped.
class DbMetrics final : public QObject {
    Q_OBJECT

public:
    using StatusSource = std::function<QCborMap()>;
    DbMetrics(StatusSource status, QObject *parent = nullptr);

    // `config`: {"address", "port", "fallback"}; false with the reason.
    bool start(const QJsonObject &config, QString *error);
    quint16 port() const { return m_server.port(); }
    void close() { m_server.close(); }

    static QByteArray render(const QCborMap &status);

private:
    StatusSource m_status;
    http::HttpServer m_server;
};

} // namespace infrastage::db
