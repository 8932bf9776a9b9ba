// DbStore, second half: applying, reading and inspecting the binary log; metadata; checksums.
#include "dbstore.h"
#include "eventemitter.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <QCborValue>
#include <QCryptographicHash>
#include <QMap>

namespace infrastage::db {

bool DbStore::apply(const QList<BinlogEntry> &entries, int *applied, DbErrorCode *code,
                    QString *error, std::vector<qint64> *rowsWrittenNs) {
    *applied = 0;
    if (rowsWrittenNs)
        rowsWrittenNs->clear();
    if (entries.isEmpty())
        return true;
    if (!step("BEGIN IMMEDIATE")) {
        *code = DbErrorCode::SqlError;
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    const qint64 seqBefore = m_lastSeq, originBefore = m_lastOrigin;
    // One entry alone needs no savepoint: its failure rolls the whole transaction back.
    const bool alone = entries.size() == 1;
    bool ok = true;
    for (const BinlogEntry &e : entries) {
        if (!alone)
            step("SAVEPOINT entry");
        if (!applyOne(e, code, error)) {
            if (alone) {
                step("ROLLBACK");
                return false;
            }
            step("ROLLBACK TO entry");
            step("RELEASE entry");
            ok = false;
            break;
        }
        if (!alone)
            step("RELEASE entry");
        m_lastSeq = e.seq;
        m_lastOrigin = e.origin;
        ++*applied;
        if (rowsWrittenNs)
            rowsWrittenNs->push_back(roles::EventEmitter::nowNs());
    }
    if (!step("COMMIT")) {
        *code = DbErrorCode::SqlError;
        *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        step("ROLLBACK");
        m_lastSeq = seqBefore;
        m_lastOrigin = originBefore;
        *applied = 0;
        return false;
    }
    return ok;
}

bool DbStore::applyOne(const BinlogEntry &entry, DbErrorCode *code, QString *error) {
    auto fail = [&](DbErrorCode c, const QString &why) {
        *code = c;
        *error = QStringLiteral("transaction %1: %2").arg(entry.seq).arg(why);
        return false;
    };
    if (entry.seq != m_lastSeq + 1) {
        *code = DbErrorCode::ReplicationGap;
        *error =
            QStringLiteral("expected transaction %1, got %2").arg(m_lastSeq + 1).arg(entry.seq);
        return false;
    }
    QCborParserError perr;
    const QCborValue body = QCborValue::fromCbor(entry.body, &perr);
    if (perr.error != QCborError::NoError || !body.isArray())
        return fail(DbErrorCode::BadFrame, QStringLiteral("unreadable body"));
    for (const QCborValue &item : body.toArray()) {
        const QCborMap m = item.toMap();
        if (m.contains(QLatin1String("ddl"))) {
            const QByteArray sql = m.value(QLatin1String("ddl")).toString().toUtf8();
            const bool ok = exec(sql.constData());
            schemaChanged();
            if (!ok)
                return fail(DbErrorCode::SqlError, QString::fromUtf8(sqlite3_errmsg(m_db)));
        } else {
            QString why;
            if (!m_applier.apply(m.value(QLatin1String("rows")).toByteArray(), &why))
                return fail(DbErrorCode::SqlError, why);
        }
    }
    if (!insertBinlog(entry))
        return fail(DbErrorCode::SqlError, QString::fromUtf8(sqlite3_errmsg(m_db)));
    return true;
}

QList<BinlogEntry> DbStore::readBinlog(qint64 afterSeq, int limit) {
    QList<BinlogEntry> out;
    sqlite3_stmt *s = internal("SELECT seq, origin, ts_ns, body FROM infrastage_binlog "
                               "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!s)
        return out;
    sqlite3_bind_int64(s, 1, afterSeq);
    sqlite3_bind_int(s, 2, limit);
    while (sqlite3_step(s) == SQLITE_ROW) {
        out.append({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                    sqlite3_column_int64(s, 2),
                    QByteArray(static_cast<const char *>(sqlite3_column_blob(s, 3)),
                               sqlite3_column_bytes(s, 3))});
    }
    sqlite3_reset(s);
    return out;
}

qint64 DbStore::originAt(qint64 seq) {
    sqlite3_stmt *s = internal("SELECT origin FROM infrastage_binlog WHERE seq = ?1");
    sqlite3_bind_int64(s, 1, seq);
    const qint64 origin = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_reset(s);
    return origin;
}

QList<QPair<qint64, qint64>> DbStore::history(qint64 fromSeq, int limit) {
    QList<QPair<qint64, qint64>> out;
    sqlite3_stmt *s = internal("SELECT seq, origin FROM infrastage_binlog WHERE seq >= ?1 "
                               "ORDER BY seq LIMIT ?2");
    sqlite3_bind_int64(s, 1, fromSeq);
    sqlite3_bind_int(s, 2, limit);
    while (sqlite3_step(s) == SQLITE_ROW)
        out.append({sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1)});
    sqlite3_reset(s);
    return out;
}

QString DbStore::meta(const QString &key, const QString &fallback) {
    sqlite3_stmt *s = internal("SELECT value FROM infrastage_meta WHERE key = ?1");
    const QByteArray k = key.toUtf8();
    sqlite3_bind_text(s, 1, k.constData(), int(k.size()), SQLITE_TRANSIENT);
    QString v = fallback;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)));
    sqlite3_reset(s);
    return v;
}

bool DbStore::setMeta(const QString &key, const QString &value) {
    sqlite3_stmt *s =
        internal("INSERT OR REPLACE INTO infrastage_meta(key, value) VALUES (?1, ?2)");
    const QByteArray k = key.toUtf8(), v = value.toUtf8();
    sqlite3_bind_text(s, 1, k.constData(), int(k.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, v.constData(), int(v.size()), SQLITE_TRANSIENT);
    const bool ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok;
}

QCborMap DbStore::checksum() {
    QCborMap out;
    QStringList tables;
    sqlite3_stmt *list = internal("SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                                  "NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE "
                                  "'infrastage\\_%' ESCAPE '\\' ORDER BY name");
    while (list && sqlite3_step(list) == SQLITE_ROW)
        tables.append(
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(list, 0))));
    if (list)
        sqlite3_reset(list);
    for (const QString &t : std::as_const(tables)) {
        const QString quoted = QLatin1Char('"') +
                               QString(t).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
                               QLatin1Char('"');
        QStringList keys;
        sqlite3_stmt *info = nullptr;
        const QByteArray infoSql =
            QStringLiteral("SELECT name FROM pragma_table_info(%1) WHERE pk > 0 ORDER BY pk")
                .arg(QLatin1Char('\'') +
                     QString(t).replace(QLatin1Char('\''), QLatin1String("''")) + QLatin1Char('\''))
                .toUtf8();
        if (sqlite3_prepare_v2(m_db, infoSql.constData(), -1, &info, nullptr) == SQLITE_OK) {
            while (sqlite3_step(info) == SQLITE_ROW)
                keys.append(QLatin1Char('"') +
                            QString::fromUtf8(
                                reinterpret_cast<const char *>(sqlite3_column_text(info, 0))) +
                            QLatin1Char('"'));
        }
        sqlite3_finalize(info);
        const QByteArray sql =
            QStringLiteral("SELECT * FROM %1 ORDER BY %2")
                .arg(quoted, keys.isEmpty() ? QStringLiteral("rowid") : keys.join(QLatin1Char(',')))
                .toUtf8();
        sqlite3_stmt *s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.constData(), -1, &s, nullptr) != SQLITE_OK)
            continue;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 rows = 0;
        const int ncol = sqlite3_column_count(s);
        while (sqlite3_step(s) == SQLITE_ROW) {
            QCborArray row;
            for (int c = 0; c < ncol; ++c) {
                switch (sqlite3_column_type(s, c)) {
                case SQLITE_INTEGER:
                    row.append(qint64(sqlite3_column_int64(s, c)));
                    break;
                case SQLITE_FLOAT:
                    row.append(sqlite3_column_double(s, c));
                    break;
                case SQLITE_NULL:
                    row.append(QCborValue(QCborValue::Null));
                    break;
                default:
                    row.append(QByteArray(static_cast<const char *>(sqlite3_column_blob(s, c)),
                                          sqlite3_column_bytes(s, c)));
                }
            }
            hash.addData(QCborValue(row).toCbor());
            ++rows;
        }
        sqlite3_finalize(s);
        out.insert(
            t, QCborMap{{QStringLiteral("rows"), rows},
                        {QStringLiteral("sha256"), QString::fromLatin1(hash.result().toHex())}});
    }
    return out;
}

QStringList DbStore::summarize(const QByteArray &body) {
    QStringList out;
    const QCborValue v = QCborValue::fromCbor(body);
    for (const QCborValue &item : v.toArray()) {
        const QCborMap m = item.toMap();
        if (m.contains(QLatin1String("ddl"))) {
            out.append(m.value(QLatin1String("ddl")).toString().simplified().left(80));
            continue;
        }
        QByteArray cs = m.value(QLatin1String("rows")).toByteArray();
        sqlite3_changeset_iter *it = nullptr;
        if (sqlite3changeset_start(&it, int(cs.size()), cs.data()) != SQLITE_OK)
            continue;
        QMap<QString, int> counts;
        while (sqlite3changeset_next(it) == SQLITE_ROW) {
            const char *table = nullptr;
            int ncol = 0, op = 0, indirect = 0;
            sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
            const QString verb = op == SQLITE_INSERT   ? QStringLiteral("insert")
                                 : op == SQLITE_UPDATE ? QStringLiteral("update")
                                                       : QStringLiteral("delete");
            counts[verb + QLatin1Char(' ') + QString::fromUtf8(table)] += 1;
        }
        sqlite3changeset_finalize(it);
        for (auto c = counts.cbegin(); c != counts.cend(); ++c)
            out.append(c.value() > 1 ? QStringLiteral("%1 x%2").arg(c.key()).arg(c.value())
                                     : c.key());
    }
    return out;
}

} // namespace infrastage::db
