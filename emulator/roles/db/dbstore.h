#pragma once

#include "binlogentry.h"
#include "changeapplier.h"
#include "changecapture.h"
#include "dberrorcode.h"
#include "dbresult.h"

#include <QCborArray>
#include <QCborMap>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace infrastage::db {

class WalCheckpointer;

// What one request did to the store.
struct ExecOutcome {
    bool ok = true;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    int sqliteCode = 0;
    QStringList columns;
    QCborArray rows; // of the last statement
    qint64 changes = 0;
    qint64 lastInsertId = 0;
    bool wrote = false;
    BinlogEntry entry; // entry.seq > 0: the transaction was logged under this id
};

// The SQLite database of one db node (WAL mode): user tables plus the binary log and metadata
// tables. Every write transaction captures its row changes as it makes them (ChangeCapture, in
// the session extension's changeset format) and appends them to infrastage_binlog in the same
// SQLite transaction; a replica applies entries
// and stores them (its position) in one transaction too, so a kill at any instant leaves either
// both or neither.
class DbStore final {
public:
    // The SQLite VFS of every connection to a node's file (DbStore::open, WalCheckpointer).
    static constexpr const char *kVfs = "unix-excl";

    DbStore();
    ~DbStore();
    DbStore(const DbStore &) = delete;
    DbStore &operator=(const DbStore &) = delete;

    bool open(const QString &path, bool syncFull, QString *error);

    // Runs the statements as one transaction. writable = false refuses any writing statement
    // with ReadOnly (and changes nothing). origin/tsNs label the binary log entry.
    ExecOutcome execute(const QList<DbStatement> &statements, bool writable, qint64 origin,
                        qint64 tsNs);

    // Group commit: runs several requests (each a list of statements, each all-or-nothing on
    // its own, inside a savepoint) in one SQLite transaction, so they share one commit and one
    // write of the log. Each request that wrote gets its own binary log entry, in order. One
    // outcome per request; should the commit itself fail, every request that wrote fails.
    QList<ExecOutcome> executeGroup(const QList<QList<DbStatement>> &requests, bool writable,
                                    qint64 origin, qint64 tsNs);

    // Applies entries of a primary's binary log, each with its position, in one transaction;
    // the first seq must be lastSeq() + 1 and the rest follow. On a failure the entries before
    // the failing one are kept (committed), the rest not; *applied counts the kept ones.
    // `rowsWrittenNs`, when given: the time each applied entry's rows were written, in the
    // transaction before it commits (where MariaDB's BEFORE INSERT trigger reads its clock: the
    // lag measured at the same point as the benchmark measures MariaDB's).
    bool apply(const QList<BinlogEntry> &entries, int *applied, DbErrorCode *code, QString *error,
               std::vector<qint64> *rowsWrittenNs = nullptr);

    QList<BinlogEntry> readBinlog(qint64 afterSeq, int limit);
    qint64 lastSeq() const { return m_lastSeq; }
    qint64 lastOrigin() const { return m_lastOrigin; }
    qint64 originAt(qint64 seq);                                     // -1: no such entry
    QList<QPair<qint64, qint64>> history(qint64 fromSeq, int limit); // (seq, origin), ascending

    QString meta(const QString &key, const QString &fallback = {});
    bool setMeta(const QString &key, const QString &value);

    // Per user table: row count and SHA-256 of its rows in primary-key order.
    QCborMap checksum();

    // "insert messages ×2"-style lines describing an entry, for events and divergence reports.
    static QStringList summarize(const QByteArray &body);

    // Authorizer state; public so the C callback can reach it.
    struct Guard {
        bool user = false;   // checking a client's statement
        bool ddl = false;    // the statement changes the schema
        QString denied;      // why it was refused
        QStringList created; // tables it creates
    };

private:
    struct Prepared {
        sqlite3_stmt *stmt = nullptr;
        bool ddl = false;
        QStringList created;
    };
    bool prepareUser(const QString &sql, Prepared *out, ExecOutcome *fail);
    void releaseUser(const Prepared &p);
    // One request of a group, inside the group's transaction and a savepoint of its own.
    void runRequest(const QList<DbStatement> &statements, bool writable, ExecOutcome *out,
                    QCborArray *items);
    bool applyOne(const BinlogEntry &entry, DbErrorCode *code, QString *error);
    bool insertBinlog(const BinlogEntry &e);
    bool exec(const char *sql);
    bool step(const char *sql); // a cached statement without parameters (BEGIN, COMMIT, ...)
    sqlite3_stmt *internal(const char *sql);
    void takeChanges(QCborArray *items); // what was captured so far becomes a "rows" item
    void schemaChanged();

    sqlite3 *m_db = nullptr;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // stopped before m_db is closed
    ChangeCapture m_capture;
    ChangeApplier m_applier;
    Guard m_guard;
    QHash<QString, sqlite3_stmt *> m_cache;
    QHash<QByteArray, sqlite3_stmt *> m_internal;
    qint64 m_lastSeq = 0;
    qint64 m_lastOrigin = 0;
};

} // namespace infrastage::db
