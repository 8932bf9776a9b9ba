#include "projectrecordings.h"

#include "sqlitedb.h"

#include <QFileInfo>

namespace infrastage::ProjectRecordings {

using namespace SqliteDb;

namespace {

bool hasTable(sqlite3 *db, const char *name) {
    Stmt s = prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!s)
        return false;
    sqlite3_bind_text(s.get(), 1, name, -1, SQLITE_STATIC);
    return sqlite3_step(s.get()) == SQLITE_ROW;
}

// Copies one recording from the attached database `src`; false with the reason (nothing kept).
bool copyOne(sqlite3 *db, const RecordingInfo &r, int ord, RecordingInfo *saved, QString *why) {
    Stmt head =
        prepare(db, "INSERT INTO recordings(ord, name, created_at, topology_hash, topology, "
                    "events, first_ns, last_ns) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    if (!head) {
        *why = lastError(db);
        return false;
    }
    sqlite3_bind_int(head.get(), 1, ord);
    bindText(head.get(), 2, r.name);
    bindText(head.get(), 3, r.createdAt);
    bindText(head.get(), 4, r.topologyHash);
    sqlite3_bind_text(head.get(), 5, r.topology.constData(), int(r.topology.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(head.get(), 6, r.events);
    sqlite3_bind_int64(head.get(), 7, r.firstNs);
    sqlite3_bind_int64(head.get(), 8, r.lastNs);
    if (sqlite3_step(head.get()) != SQLITE_DONE) {
        *why = lastError(db);
        return false;
    }
    const qint64 id = sqlite3_last_insert_rowid(db);
    const char *sql = r.source == RecordingSource::Project
                          ? "INSERT INTO recording_events SELECT ?1, seq, t_ns, node, kind, trace, "
                            "details FROM src.recording_events WHERE recording_id = ?2"
                          : "INSERT INTO recording_events SELECT ?1, seq, t_ns, node, kind, trace, "
                            "details FROM src.run_events WHERE run_id = ?2";
    Stmt events = prepare(db, sql);
    if (!events) {
        *why = lastError(db);
        return false;
    }
    sqlite3_bind_int64(events.get(), 1, id);
    sqlite3_bind_int64(events.get(), 2, r.id);
    if (sqlite3_step(events.get()) != SQLITE_DONE) {
        *why = lastError(db);
        return false;
    }
    *saved = r;
    saved->id = id;
    saved->source = RecordingSource::Project;
    saved->path.clear();
    return true;
}

} // namespace

const char *eventsQuery(RecordingSource source) {
    return source == RecordingSource::Project
               ? "SELECT seq, t_ns, node, kind, trace, details FROM recording_events "
                 "WHERE recording_id = ?1 ORDER BY seq"
               : "SELECT seq, t_ns, node, kind, trace, details FROM run_events "
                 "WHERE run_id = ?1 ORDER BY seq";
}

bool list(const QString &projectPath, QList<RecordingInfo> *out, QString *error) {
    out->clear();
    QString why;
    Db db = openReadOnly(projectPath, &why);
    if (!db) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(projectPath, why);
        return false;
    }
    if (!hasTable(db.get(), "recordings"))
        return true; // older than schema 3: no recordings
    Stmt s = prepare(db.get(), "SELECT id, name, created_at, topology_hash, topology, events, "
                               "first_ns, last_ns FROM recordings ORDER BY ord, id");
    if (!s) {
        if (error)
            *error = QStringLiteral("%1: damaged recordings table: %2")
                         .arg(projectPath, lastError(db.get()));
        return false;
    }
    const QString absolute = QFileInfo(projectPath).absoluteFilePath();
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
        RecordingInfo r;
        r.id = sqlite3_column_int64(s.get(), 0);
        r.name = columnText(s.get(), 1);
        r.createdAt = columnText(s.get(), 2);
        r.topologyHash = columnText(s.get(), 3);
        r.topology = columnText(s.get(), 4).toUtf8();
        r.events = sqlite3_column_int64(s.get(), 5);
        r.firstNs = sqlite3_column_int64(s.get(), 6);
        r.lastNs = sqlite3_column_int64(s.get(), 7);
        r.path = absolute;
        r.source = RecordingSource::Project;
        out->append(r);
    }
    return true;
}

bool describeRun(const QString &eventsPath, qint64 runId, RecordingInfo *info, QString *error) {
    QString why;
    Db db = openReadOnly(eventsPath, &why);
    if (db && runId <= 0) {
        Stmt last = prepare(db.get(), "SELECT max(id) FROM runs");
        if (last && sqlite3_step(last.get()) == SQLITE_ROW)
            runId = sqlite3_column_int64(last.get(), 0);
    }
    Stmt s = db ? prepare(db.get(), "SELECT count(*), min(t_ns), max(t_ns) FROM run_events "
                                    "WHERE run_id = ?")
                : Stmt();
    if (!s) {
        *error = QStringLiteral("%1: %2").arg(eventsPath, db ? lastError(db.get()) : why);
        return false;
    }
    sqlite3_bind_int64(s.get(), 1, runId);
    if (sqlite3_step(s.get()) != SQLITE_ROW) {
        *error = QStringLiteral("%1: %2").arg(eventsPath, lastError(db.get()));
        return false;
    }
    info->id = runId;
    info->events = sqlite3_column_int64(s.get(), 0);
    info->firstNs = sqlite3_column_int64(s.get(), 1);
    info->lastNs = sqlite3_column_int64(s.get(), 2);
    info->path = QFileInfo(eventsPath).absoluteFilePath();
    info->source = RecordingSource::RunDirectory;
    return true;
}

bool copyInto(sqlite3 *db, const QList<RecordingInfo> &recordings, QList<RecordingInfo> *saved,
              QStringList *warnings, QString *error) {
    int ord = 0;
    for (const RecordingInfo &r : recordings) {
        QString why = QStringLiteral("the file is gone");
        if (!QFileInfo::exists(r.path)) {
            warnings->append(
                QStringLiteral("recording '%1' left out: %2 (%3)").arg(r.name, why, r.path));
            continue;
        }
        // ATTACH is not allowed inside a transaction: one per recording, then its own.
        Stmt attach = prepare(db, "ATTACH DATABASE ? AS src");
        bindText(attach.get(), 1, r.path);
        const bool attached = attach && sqlite3_step(attach.get()) == SQLITE_DONE;
        attach.reset();
        RecordingInfo copy;
        bool copied = false;
        if (!attached)
            why = lastError(db);
        else if (exec(db, "BEGIN", &why))
            copied = copyOne(db, r, ord, &copy, &why) && exec(db, "COMMIT", &why);
        const int code = sqlite3_errcode(db);
        if (attached && !copied)
            exec(db, "ROLLBACK", nullptr);
        if (attached)
            exec(db, "DETACH DATABASE src", nullptr);
        if (copied) {
            saved->append(copy);
            ++ord;
        } else if (code == SQLITE_FULL || code == SQLITE_IOERR) {
            *error = why; // the new file cannot be written: the save fails
            return false;
        } else {
            warnings->append(
                QStringLiteral("recording '%1' left out: %2 (%3)").arg(r.name, why, r.path));
        }
    }
    return true;
}

} // namespace infrastage::ProjectRecordings
