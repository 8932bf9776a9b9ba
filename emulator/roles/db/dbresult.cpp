#include "dbresult.h"

#include "cborscanner.h"

#include <QCborValue>

namespace infrastage::db {

QCborMap DbResult::raw() const {
    if (m_payload.isEmpty())
        return m_raw;
    return QCborValue::fromCbor(m_payload).toMap();
}

bool DbResult::fromPayload(const QByteArray &payload, DbResult *result, qint64 *id) {
    DbResult r;
    CborScanner s(payload);
    qint64 left = 0;
    if (!s.readMapHead(&left))
        return false;
    QByteArrayView key;
    qint64 code = 0;
    *id = 0;
    QList<QByteArrayView> seen; // a key twice: Qt's map reads the first, this reader leaves it
    while (s.nextNewKey(&left, &key, &seen)) {
        if (key == "id") {
            s.readInteger(id);
        } else if (key == "ok") {
            s.readBool(&r.ok);
        } else if (key == "code") {
            s.readInteger(&code);
        } else if (key == "error") {
            s.readText(&r.error);
        } else if (key == "changes") {
            s.readInteger(&r.changes);
        } else if (key == "last_insert_id") {
            s.readInteger(&r.lastInsertId);
        } else if (key == "seq") {
            s.readInteger(&r.seq);
        } else if (key == "position") {
            s.readInteger(&r.position);
        } else if (key == "served_by") {
            s.readText(&r.servedBy);
        } else if (key == "role") {
            s.readText(&r.role);
        } else if (key == "columns" || key == "rows") {
            QCborValue v;
            if (!s.readValue(&v) || !v.isArray())
                return false;
            if (key == "rows") {
                r.rows = v.toArray();
            } else {
                for (const QCborValue &c : v.toArray()) {
                    if (!c.isString())
                        return false;
                    r.columns.append(c.toString());
                }
            }
        } else { // a field of its own op: raw() has it
            s.skipItem();
        }
        if (!s.ok())
            return false;
    }
    if (!s.ok() || !s.atEnd())
        return false;
    r.code = DbErrorCode(code);
    r.m_payload = payload;
    *result = std::move(r);
    return true;
}

DbResult DbResult::fromResponse(const QCborMap &response) {
    DbResult r;
    r.m_raw = response;
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
