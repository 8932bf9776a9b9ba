#pragma once

#include <QJsonObject>
#include <QString>

namespace infrastage::roles::app {

// What every endpoint of the demo application may read: who this process is and what it has
// done so far. Database endpoints read `databases` (replaced by {"cmd":"set_databases"}).
struct AppContext {
    QString nodeId;   // the app node's id, e.g. "app-1"
    QString servedBy; // the server (host) id, e.g. "server-1"
    qint64 pid = 0;
    qint64 requests = 0; // requests handled by this process, this one included
    QJsonObject databases;
    QByteArray servedByHeader; // "app-1 pid 4242"
};

} // namespace infrastage::roles::app
