#pragma once

#include "dbclient.h"
#include "nodeprocess.h"

#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

// Small helpers shared by the replication and failover suites.
namespace dbtest {

QJsonObject dbConfig(const QTemporaryDir &dir, const QString &node, const QString &role,
                     int serverId, const QJsonObject &extra = {});
bool connect(infrastage::db::DbClient &client, const NodeProcess &node);
qint64 scalar(infrastage::db::DbClient &client, const QString &sql);
qint64 statusSeq(infrastage::db::DbClient &client);
QSet<QString> bodies(infrastage::db::DbClient &client);

} // namespace dbtest
