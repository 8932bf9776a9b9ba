#include "dbtestutil.h"

using namespace infrastage::db;

namespace dbtest {

QJsonObject dbConfig(const QTemporaryDir &dir, const QString &node, const QString &role,
                     int serverId, const QJsonObject &extra) {
    QJsonObject c{{QStringLiteral("node"), node},
                  {QStringLiteral("role"), role},
                  {QStringLiteral("server_id"), serverId},
                  {QStringLiteral("data_dir"), dir.filePath(node)},
                  {QStringLiteral("listen"),
                   QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                               {QStringLiteral("port"), 0}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        c.insert(it.key(), it.value());
    return c;
}

bool connect(DbClient &client, const NodeProcess &node) {
    client.connectToServer(node.address(), node.port());
    return client.waitForConnected(5000);
}

qint64 scalar(DbClient &client, const QString &sql) {
    const DbResult r = client.querySync(sql);
    return r.ok && !r.rows.isEmpty() ? r.rows.at(0).toArray().at(0).toInteger(-1) : -1;
}

qint64 statusSeq(DbClient &client) {
    const DbResult r =
        client.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}});
    return r.ok ? r.raw().value(QLatin1String("seq")).toInteger(-1) : -1;
}

QSet<QString> bodies(DbClient &client) {
    QSet<QString> out;
    const DbResult r = client.querySync(QStringLiteral("SELECT body FROM messages"), {}, 30000);
    for (const QCborValue &row : r.rows)
        out.insert(row.toArray().at(0).toString());
    return out;
}

} // namespace dbtest
