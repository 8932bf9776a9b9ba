#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QString>

class QTcpServer;

namespace infrastage::http {

// Where a role listens: {"address": "127.x.y.z", "port": N, "fallback": true}. Only loopback
// addresses are accepted; with `fallback` a taken port is replaced by one the OS picks.
struct ListenSpec {
    QHostAddress address;
    quint16 port = 0;
    bool fallback = false;

    // `what` names the key in error messages ("listen", "stats").
    static bool fromJson(const QJsonValue &value, const QString &what, ListenSpec *out,
                         QString *error);
    // Listens with a deep backlog (benchmarks open hundreds of connections at once).
    bool listen(QTcpServer *server, QString *error) const;
};

// Whether `address` is inside 127.0.0.0/8: the only place Infrastage may bind or connect.
bool isLoopback(const QHostAddress &address);

} // namespace infrastage::http
