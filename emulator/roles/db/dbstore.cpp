#include "dbstore.h"

#include "walcheckpointer.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <QCborValue>

namespace infrastage::db {

namespace {

bool isInternal(const char *table) {
    return table && (qstrncmp(table, "infrastage_", 11) == 0);
}

int authorize(void *ctx, int action, const char *a, const char *b, const char *, const char *) {
    auto *g = static_cast<DbStore::Guard *>(ctx);
    if (!g->user)
        return SQLITE_OK;
    auto deny = [g](const QString &why) {
        g->denied = why;
        return SQLITE_DENY;
    };
    switch (action) {
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return deny(QStringLiteral("transactions are requests of their own (op \"transaction\")"));
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return deny(QStringLiteral("ATTACH and DETACH are not allowed"));
    case SQLITE_PRAGMA:
        return deny(QStringLiteral("PRAGMA is not allowed"));
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_TEMP_TRIGGER:
        return deny(QStringLiteral("triggers are not supported: replicas apply rows, not "
                                   "statements, so a trigger's effects would apply twice"));
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
        return deny(QStringLiteral("temporary and virtual tables are not supported"));
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        return isInternal(a)
                   ? deny(
                         QStringLiteral("%1 is maintained by the server").arg(QString::fromUtf8(a)))
                   : SQLITE_OK;
    case SQLITE_CREATE_TABLE:
        g->created.append(QString::fromUtf8(a));
        [[fallthrough]];
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_VIEW:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_VIEW:
        g->ddl = true;
        return isInternal(a) || isInternal(b) ? deny(QStringLiteral("internal tables are "
                                                                    "maintained by the server"))
                                              : SQLITE_OK;
    case SQLITE_ALTER_TABLE:
        g->ddl = true;
        return isInternal(b) ? deny(QStringLiteral("internal tables are maintained by the server"))
                             : SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

QCborValue columnValue(sqlite3_stmt *s, int i) {
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER:
        return QCborValue(qint64(sqlite3_column_int64(s, i)));
    case SQLITE_FLOAT:
        return QCborValue(sqlite3_column_double(s, i));
    case SQLITE_TEXT:
        return QCborValue(QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(s, i)), sqlite3_column_bytes(s, i)));
    case SQLITE_BLOB:
        return QCborValue(QByteArray(static_cast<const char *>(sqlite3_column_blob(s, i)),
                                     sqlite3_column_bytes(s, i)));
    default:
        return QCborValue(QCborValue::Null);
    }
}

bool bindValue(sqlite3_stmt *s, int i, const QCborValue &v) {
    if (v.isInteger())
        return sqlite3_bind_int64(s, i, v.toInteger()) == SQLITE_OK;
    if (v.isDouble())
        return sqlite3_bind_double(s, i, v.toDouble()) == SQLITE_OK;
    if (v.isString()) {
        const QByteArray u = v.toString().toUtf8();
        return sqlite3_bind_text(s, i, u.constData(), int(u.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    }
    if (v.isByteArray()) {
        const QByteArray b = v.toByteArray();
        return sqlite3_bind_blob(s, i, b.constData(), int(b.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    }
    if (v.isBool())
        return sqlite3_bind_int64(s, i, v.toBool() ? 1 : 0) == SQLITE_OK;
    if (v.isNull() || v.isUndefined())
        return sqlite3_bind_null(s, i) == SQLITE_OK;
    return false;
}

void setFailure(ExecOutcome *o, DbErrorCode code, const QString &why, int sqliteCode = 0) {
    o->ok = false;
    o->code = code;
    o->error = why;
    o->sqliteCode = sqliteCode;
}

} // namespace

DbStore::DbStore() = default;

DbStore::~DbStore() {
    // The node's connection closes last: it checkpoints what is left and removes the log.
    m_checkpointer.reset();
    m_applier.schemaChanged(); // finalizes its statements
    for (sqlite3_stmt *s : std::as_const(m_cache))
        sqlite3_finalize(s);
    for (sqlite3_stmt *s : std::as_const(m_internal))
        sqlite3_finalize(s);
    if (m_db)
        sqlite3_close(m_db);
}

bool DbStore::open(const QString &path, bool syncFull, QString *error) {
    // "unix-excl": this process holds the file for itself (one exclusive POSIX lock taken at
    // the first transaction and kept), and the log's index lives in this process's memory
    // rather than a shared -shm file; the node's connection and its checkpointer's (the only
    // two) still lock each other out, in memory. The default VFS made 6 fcntl(2) calls per
    // transaction (a read mark moved on every commit, the write lock, and their releases);
    // this one makes none. Another process cannot open the file while the node runs (tests
    // read it after killing the node); a killed node's locks go with it.
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        kVfs) != SQLITE_OK) {
        *error =
            QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000); // until the checkpointer's replaces it (bound() below)
    sqlite3_extended_result_codes(m_db, 1);
    const bool ok =
        exec("PRAGMA journal_mode=WAL") &&
        exec(syncFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL") &&
        exec("PRAGMA wal_autocheckpoint=0") && // WalCheckpointer does it off the event loop
        // Above the log's bound (WalCheckpointer::kHardFrames pages and their headers, 20.6 MB):
        // the log is reused from its start after a checkpoint, never cut shorter on the event
        // loop (the first commit after each restart truncated it back to 16 MB: 8-16 ms under
        // load, with the node's writes waiting), and a log past the bound still shrinks back.
        exec("PRAGMA journal_size_limit=25165824") &&
        exec("CREATE TABLE IF NOT EXISTS infrastage_binlog(seq INTEGER PRIMARY KEY, "
             "origin INTEGER NOT NULL, ts_ns INTEGER NOT NULL, body BLOB NOT NULL)") &&
        exec("CREATE TABLE IF NOT EXISTS infrastage_meta(key TEXT PRIMARY KEY, value TEXT)");
    if (!ok) {
        *error = QStringLiteral("cannot prepare %1: %2")
                     .arg(path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    m_capture.install(m_db);
    m_applier.setDatabase(m_db);
    m_checkpointer = std::make_unique<WalCheckpointer>(path, syncFull);
    m_checkpointer->bound(m_db);
    sqlite3_stmt *last =
        internal("SELECT seq, origin FROM infrastage_binlog ORDER BY seq DESC LIMIT 1");
    if (last && sqlite3_step(last) == SQLITE_ROW) {
        m_lastSeq = sqlite3_column_int64(last, 0);
        m_lastOrigin = sqlite3_column_int64(last, 1);
    }
    if (last)
        sqlite3_reset(last);
    sqlite3_set_authorizer(m_db, authorize, &m_guard);
    return true;
}

bool DbStore::exec(const char *sql) {
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

sqlite3_stmt *DbStore::internal(const char *sql) {
    const QByteArray key(sql);
    sqlite3_stmt *s = m_internal.value(key);
    if (!s) {
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
            return nullptr;
        m_internal.insert(key, s);
    }
    return s;
}

bool DbStore::prepareUser(const QString &sql, Prepared *out, ExecOutcome *fail) {
    if (sqlite3_stmt *cached = m_cache.value(sql)) {
        out->stmt = cached;
        return true;
    }
    const QByteArray utf8 = sql.toUtf8();
    m_guard = Guard{true, false, {}, {}};
    const char *tail = nullptr;
    sqlite3_stmt *s = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), 0, &s, &tail);
    const Guard g = m_guard;
    m_guard.user = false;
    if (rc != SQLITE_OK || !s) {
        if (s)
            sqlite3_finalize(s);
        if (!g.denied.isEmpty())
            setFailure(fail, DbErrorCode::NotAllowed, g.denied);
        else if (rc == SQLITE_OK)
            setFailure(fail, DbErrorCode::BadRequest, QStringLiteral("empty statement"));
        else
            setFailure(fail, DbErrorCode::SqlError, QString::fromUtf8(sqlite3_errmsg(m_db)), rc);
        return false;
    }
    for (const char *p = tail; p && *p; ++p) {
        if (*p != ';' && !QChar::isSpace(uchar(*p))) {
            sqlite3_finalize(s);
            setFailure(fail, DbErrorCode::BadRequest,
                       QStringLiteral("one statement per request (use op \"transaction\")"));
            return false;
        }
    }
    out->stmt = s;
    out->ddl = g.ddl;
    out->created = g.created;
    // Schema changes are rare and their authorizer findings must be fresh: cache the rest only.
    if (!g.ddl) {
        if (m_cache.size() >= 256) {
            for (sqlite3_stmt *c : std::as_const(m_cache))
                sqlite3_finalize(c);
            m_cache.clear();
        }
        m_cache.insert(sql, s);
    }
    return true;
}

void DbStore::releaseUser(const Prepared &p) {
    if (!p.stmt)
        return;
    sqlite3_reset(p.stmt);
    sqlite3_clear_bindings(p.stmt);
    if (p.ddl)
        sqlite3_finalize(p.stmt);
}

void DbStore::takeChanges(QCborArray *items) {
    const QByteArray rows = m_capture.take();
    if (!rows.isEmpty())
        items->append(QCborMap{{QStringLiteral("rows"), rows}});
}

void DbStore::schemaChanged() {
    m_capture.schemaChanged();
    m_applier.schemaChanged();
}

ExecOutcome DbStore::execute(const QList<DbStatement> &statements, bool writable, qint64 origin,
                             qint64 tsNs) {
    return executeGroup({statements}, writable, origin, tsNs).constFirst();
}

bool DbStore::step(const char *sql) {
    sqlite3_stmt *s = internal(sql);
    if (!s)
        return false;
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
}

bool DbStore::insertBinlog(const BinlogEntry &e) {
    sqlite3_stmt *ins = internal("INSERT INTO infrastage_binlog(seq, origin, ts_ns, body) "
                                 "VALUES (?1, ?2, ?3, ?4)");
    if (!ins)
        return false;
    sqlite3_bind_int64(ins, 1, e.seq);
    sqlite3_bind_int64(ins, 2, e.origin);
    sqlite3_bind_int64(ins, 3, e.tsNs);
    sqlite3_bind_blob(ins, 4, e.body.constData(), int(e.body.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    return rc == SQLITE_DONE;
}

QList<ExecOutcome> DbStore::executeGroup(const QList<QList<DbStatement>> &requests, bool writable,
                                         qint64 origin, qint64 tsNs) {
    QList<ExecOutcome> outs(requests.size());
    // A server that does not write (replica, fenced) still groups its reads: one snapshot.
    if (!step(writable ? "BEGIN IMMEDIATE" : "BEGIN")) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(m_db));
        for (ExecOutcome &o : outs)
            setFailure(&o, DbErrorCode::SqlError, why);
        return outs;
    }
    qint64 seq = m_lastSeq;
    // A request alone in its group needs no savepoint: the transaction is its own, and a
    // failure rolls back the whole of it (two statements fewer per write on a single
    // connection).
    const bool alone = requests.size() == 1;
    for (qsizetype r = 0; r < requests.size(); ++r) {
        ExecOutcome &out = outs[r];
        if (requests.at(r).isEmpty()) {
            setFailure(&out, DbErrorCode::BadRequest, QStringLiteral("no statement"));
            continue;
        }
        QCborArray items;
        if (!alone)
            step("SAVEPOINT request");
        if (writable)
            m_capture.start();
        runRequest(requests.at(r), writable, &out, &items);
        if (out.ok)
            takeChanges(&items);
        m_capture.stop();
        if (out.ok && !items.isEmpty()) {
            out.entry = BinlogEntry{seq + 1, origin, tsNs, QCborValue(items).toCbor()};
            if (insertBinlog(out.entry)) {
                ++seq;
            } else {
                setFailure(
                    &out, DbErrorCode::SqlError,
                    QStringLiteral("binary log: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
                out.entry = BinlogEntry();
            }
        }
        if (!out.ok) {
            out.wrote = false;
            out.changes = 0;
            if (alone) {
                step("ROLLBACK");
                schemaChanged(); // in case it had changed the schema: cached shapes may be stale
                return outs;
            }
            step("ROLLBACK TO request");
            schemaChanged();
        }
        if (!alone)
            step("RELEASE request");
    }
    if (!step("COMMIT")) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(m_db));
        step("ROLLBACK");
        for (ExecOutcome &o : outs) {
            if (o.ok && o.wrote) {
                setFailure(&o, DbErrorCode::SqlError, why);
                o.wrote = false;
                o.entry = BinlogEntry();
            }
        }
        return outs;
    }
    if (seq > m_lastSeq) {
        m_lastSeq = seq;
        m_lastOrigin = origin;
    }
    return outs;
}

void DbStore::runRequest(const QList<DbStatement> &statements, bool writable, ExecOutcome *out,
                         QCborArray *items) {
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const DbStatement &st = statements.at(i);
        Prepared p;
        if (!prepareUser(st.sql, &p, out))
            return;
        const bool readOnly = sqlite3_stmt_readonly(p.stmt);
        if (!readOnly && !writable) {
            releaseUser(p);
            setFailure(out, DbErrorCode::ReadOnly, QStringLiteral("read-only"));
            return;
        }
        if (p.ddl)
            takeChanges(items); // rows before a schema change are an item of their own
        const int expected = sqlite3_bind_parameter_count(p.stmt);
        if (expected != st.params.size()) {
            releaseUser(p);
            setFailure(out, DbErrorCode::BadRequest,
                       QStringLiteral("statement %1 takes %2 parameters, %3 given")
                           .arg(i + 1)
                           .arg(expected)
                           .arg(st.params.size()));
            return;
        }
        for (int k = 0; k < expected; ++k) {
            if (!bindValue(p.stmt, k + 1, st.params.at(k))) {
                releaseUser(p);
                setFailure(out, DbErrorCode::BadRequest,
                           QStringLiteral("parameter %1 has an unsupported type").arg(k + 1));
                return;
            }
        }
        out->columns.clear();
        out->rows = QCborArray();
        const int ncol = sqlite3_column_count(p.stmt);
        for (int c = 0; c < ncol; ++c)
            out->columns.append(QString::fromUtf8(sqlite3_column_name(p.stmt, c)));
        int rc;
        while ((rc = sqlite3_step(p.stmt)) == SQLITE_ROW) {
            QCborArray row;
            for (int c = 0; c < ncol; ++c)
                row.append(columnValue(p.stmt, c));
            out->rows.append(row);
        }
        if (rc != SQLITE_DONE) {
            const bool constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
            setFailure(out, constraint ? DbErrorCode::Constraint : DbErrorCode::SqlError,
                       QString::fromUtf8(sqlite3_errmsg(m_db)), rc);
            releaseUser(p);
            return;
        }
        if (!readOnly) {
            out->changes += sqlite3_changes64(m_db);
            out->wrote = true;
        }
        releaseUser(p);
        if (p.ddl) {
            schemaChanged();
            items->append(QCborMap{{QStringLiteral("ddl"), st.sql}});
            for (const QString &t : std::as_const(p.created)) {
                sqlite3_stmt *pk =
                    internal("SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0");
                const QByteArray name = t.toUtf8();
                sqlite3_bind_text(pk, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
                const bool hasPk = sqlite3_step(pk) == SQLITE_ROW && sqlite3_column_int(pk, 0) > 0;
                sqlite3_reset(pk);
                if (!hasPk) {
                    setFailure(out, DbErrorCode::NoPrimaryKey,
                               QStringLiteral("table %1 needs a PRIMARY KEY: the binary log "
                                              "records rows by key")
                                   .arg(t));
                    return;
                }
            }
        }
    }
    out->lastInsertId = sqlite3_last_insert_rowid(m_db);
}

} // namespace infrastage::db
