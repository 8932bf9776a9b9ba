#pragma once

#include <QJsonObject>
#include <QString>

namespace infrastage::db {

// Where a database server listens: {"id", "address", "port"} in configs and control commands.
struct DbEndpoint {
    QString id;
    QString address;
    quint16 port = 0;

    bool isValid() const { return !address.isEmpty() && port != 0; }
    QString describe() const {
        return QStringLiteral("%1 (%2:%3)")
            .arg(id.isEmpty() ? QStringLiteral("?") : id, address)
            .arg(port);
    }
    QJsonObject toJson() const {
        return QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("address"), address},
                           {QStringLiteral("port"), int(port)}};
    }
    static DbEndpoint fromJson(const QJsonObject &o) {
        return DbEndpoint{o.value(QLatin1String("id")).toString(),
                          o.value(QLatin1String("address")).toString(),
                          quint16(o.value(QLatin1String("port")).toInt(0))};
    }
};

} // namespace infrastage::db
