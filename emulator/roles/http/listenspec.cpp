#include "listenspec.h"

#include <QJsonValue>
#include <QTcpServer>

namespace infrastage::http {

bool isLoopback(const QHostAddress &address) {
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    return ok && (v4 >> 24) == 127;
}

bool ListenSpec::fromJson(const QJsonValue &value, const QString &what, ListenSpec *out,
                          QString *error) {
    if (!value.isObject()) {
        *error =
            QStringLiteral("config key \"%1\" must be an object with address and port").arg(what);
        return false;
    }
    const QJsonObject o = value.toObject();
    const QString addr = o.value(QLatin1String("address")).toString(QStringLiteral("127.0.0.1"));
    QHostAddress a;
    if (!a.setAddress(addr) || !isLoopback(a)) {
        *error = QStringLiteral("%1.address \"%2\" is not an IPv4 address inside 127.0.0.0/8")
                     .arg(what, addr);
        return false;
    }
    const int port = o.value(QLatin1String("port")).toInt(-1);
    if (port < 0 || port > 65535) {
        *error = QStringLiteral("%1.port must be 0..65535").arg(what);
        return false;
    }
    out->address = a;
    out->port = quint16(port);
    out->fallback = o.value(QLatin1String("fallback")).toBool(false);
    return true;
}

bool ListenSpec::listen(QTcpServer *server, QString *error) const {
    server->setListenBacklogSize(1024);
    if (server->listen(address, port))
        return true;
    if (fallback && port != 0 && server->listen(address, 0))
        return true;
    *error = QStringLiteral("cannot listen on %1:%2: %3")
                 .arg(address.toString())
                 .arg(port)
                 .arg(server->errorString());
    return false;
}

} // namespace infrastage::http
