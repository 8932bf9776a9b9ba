#include "dbresult.h"

namespace infrastage::db {

DbResult DbResult::fromResponse(const QCborMap &response) {
    DbResult r;
    r.raw = response;
    r.ok = response.value(QLatin1String("ok")).toBool(false);
    r.code = DbErrorCode(response.value(QLatin1String("code")).toInteger(0));
    r.error = response.value(QLatin1String("error")).toString();
    for (const QCborValue &c : response.value(QLatin1String("columns")).toArray())
        r.columns.append(c.toString());
    r.rows = response.value(QLatin1String("rows")).toArray();
    r.changes = response.value(QLatin1String("changes")).toInteger(0);
    r.lastInsertId = response.value(QLatin1String("last_insert_id")).toInteger(0);
    r.seq = response.value(QLatin1String("seq")).toInteger(0);
    r.position = response.value(QLatin1String("position")).toInteger(0);
    r.servedBy = response.value(QLatin1String("served_by")).toString();
    r.role = response.value(QLatin1String("role")).toString();
    return r;
}

DbResult DbResult::failure(DbErrorCode code, const QString &error) {
    DbResult r;
    r.code = code;
    r.error = error;
    return r;
}

QCborMap queryRequest(const QString &sql, const QCborArray &params, const QString &trace) {
    QCborMap m{{QStringLiteral("op"), QStringLiteral("query")},
               {QStringLiteral("sql"), sql},
               {QStringLiteral("params"), params}};
    if (!trace.isEmpty())
        m.insert(QStringLiteral("trace"), trace);
    return m;
}

QCborMap transactionRequest(const QList<DbStatement> &statements, const QString &trace) {
    QCborArray list;
    for (const DbStatement &s : statements)
        list.append(QCborMap{{QStringLiteral("sql"), s.sql}, {QStringLiteral("params"), s.params}});
    QCborMap m{{QStringLiteral("op"), QStringLiteral("transaction")},
               {QStringLiteral("statements"), list}};
    if (!trace.isEmpty())
        m.insert(QStringLiteral("trace"), trace);
    return m;
}

} // namespace infrastage::db
