#include "recorderstore.h"

#include <QDateTime>
#include <QJsonDocument>

#include <sqlite3.h>

namespace infrastage::runtime {

namespace {
// The page cache while a run is recorded: rows only ever go at the end of the table and of its
// key, so a batch touches a few pages; what a larger cache keeps is pages never read again, and
// it filled up to its limit in the first seconds of a load (a designer's RSS went up 64 MiB).
constexpr const char *kRunCache = "PRAGMA cache_size=-4096;"; // 4 MiB
// Building the index by trace when a run ends sorts every row of it: the sorter keeps in
// memory what the cache allows, so the build gets a large one, given back right after.
constexpr const char *kIndexCache = "PRAGMA cache_size=-65536;"; // 64 MiB
} // namespace

const char *RecorderStore::schema() {
    return R"(
CREATE TABLE IF NOT EXISTS runs(
    id INTEGER PRIMARY KEY,
    topology TEXT NOT NULL,
    run_dir TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT);
CREATE TABLE IF NOT EXISTS run_events(
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_ns INTEGER NOT NULL,
    node TEXT NOT NULL,
    kind TEXT NOT NULL,
    trace TEXT,
    details TEXT NOT NULL,
    PRIMARY KEY(run_id, seq));
)";
}

// Built when a run ends, not row by row: at full load, keeping an index of random trace ids up
// to date cost twice the insert itself, more as the run grew (each batch dirtied pages all over
// it), while one build at the end costs a third of that. A file that already has it (a run
// directory used again) keeps it up to date as it goes.
const char *RecorderStore::traceIndex() {
    return "CREATE INDEX IF NOT EXISTS run_events_trace ON run_events(run_id, trace);";
}

RecorderStore::~RecorderStore() {
    close();
}

bool RecorderStore::exec(const char *sql) {
    char *msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        m_lastError = QString::fromUtf8(msg ? msg : sqlite3_errmsg(m_db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

bool RecorderStore::open(const QString &path, QString *error) {
    close();
    m_lastError.clear();
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
    } else if (!exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; ") || !exec(kRunCache) ||
               !exec(schema()) ||
               sqlite3_prepare_v3(m_db,
                                  "INSERT INTO run_events(run_id, seq, t_ns, node, kind, trace, "
                                  "details) VALUES(?, ?, ?, ?, ?, ?, ?)",
                                  -1, SQLITE_PREPARE_PERSISTENT, &m_insert, nullptr) != SQLITE_OK) {
        if (m_lastError.isEmpty())
            m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
    }
    if (!m_db && error)
        *error = QStringLiteral("%1: %2").arg(path, m_lastError);
    return m_db != nullptr;
}

void RecorderStore::close() {
    if (!m_db)
        return;
    endRun();
    sqlite3_finalize(m_insert);
    m_insert = nullptr;
    sqlite3_close(m_db);
    m_db = nullptr;
}

qint64 RecorderStore::beginRun(const QString &topologyName, const QString &runDir) {
    if (!m_db)
        return 0;
    endRun();
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(m_db, "INSERT INTO runs(topology, run_dir, started_at) VALUES(?, ?, ?)", -1,
                       &st, nullptr);
    const QByteArray name = topologyName.toUtf8();
    const QByteArray dir = runDir.toUtf8();
    const QByteArray now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, dir.constData(), int(dir.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, now.constData(), int(now.size()), SQLITE_TRANSIENT);
    const bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        return 0;
    }
    m_runId = sqlite3_last_insert_rowid(m_db);
    m_seq = 0;
    return m_runId;
}

void RecorderStore::endRun() {
    if (!m_db || m_runId == 0)
        return;
    exec(kIndexCache);
    exec(traceIndex());
    exec(kRunCache);
    sqlite3_db_release_memory(m_db);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(m_db, "UPDATE runs SET ended_at = ? WHERE id = ?", -1, &st, nullptr);
    const QByteArray now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    sqlite3_bind_text(st, 1, now.constData(), int(now.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, m_runId);
    sqlite3_step(st);
    sqlite3_finalize(st);
    m_runId = 0;
}

const QByteArray &RecorderStore::nameUtf8(const QString &name) {
    for (const auto &[string, bytes] : m_names)
        if (string.constData() == name.constData())
            return bytes;
    for (const auto &[string, bytes] : m_names)
        if (string == name)
            return bytes;
    if (m_names.size() >= 256) // not a small set after all: stop remembering
        m_names.erase(m_names.begin());
    m_names.emplace_back(name, name.toUtf8());
    return m_names.back().second;
}

bool RecorderStore::insert(const RuntimeEvent &e) {
    const QByteArray node = nameUtf8(e.node); // copies share the bytes: no conversion
    const QByteArray kind = nameUtf8(e.kind);
    // A trace id is 32 hex digits: converted on the stack.
    char traceBuf[64];
    QByteArray traceHeap;
    const char *trace = traceBuf;
    int traceSize = int(e.trace.size());
    if (traceSize <= int(sizeof traceBuf)) {
        for (int i = 0; i < traceSize; ++i) {
            const char16_t c = e.trace.at(i).unicode();
            if (c >= 0x80) {
                traceSize = -1;
                break;
            }
            traceBuf[i] = char(c);
        }
    } else {
        traceSize = -1;
    }
    if (traceSize < 0) {
        traceHeap = e.trace.toUtf8();
        trace = traceHeap.constData();
        traceSize = int(traceHeap.size());
    }
    const QByteArray details = e.detailsJson.isEmpty()
                                   ? QJsonDocument(e.details).toJson(QJsonDocument::Compact)
                                   : e.detailsJson;
    sqlite3_reset(m_insert);
    sqlite3_bind_int64(m_insert, 1, m_runId);
    sqlite3_bind_int64(m_insert, 2, m_seq + 1);
    sqlite3_bind_int64(m_insert, 3, e.t);
    sqlite3_bind_text(m_insert, 4, node.constData(), int(node.size()), SQLITE_STATIC);
    sqlite3_bind_text(m_insert, 5, kind.constData(), int(kind.size()), SQLITE_STATIC);
    if (traceSize == 0)
        sqlite3_bind_null(m_insert, 6);
    else
        sqlite3_bind_text(m_insert, 6, trace, traceSize, SQLITE_STATIC);
    sqlite3_bind_text(m_insert, 7, details.constData(), int(details.size()), SQLITE_STATIC);
    if (sqlite3_step(m_insert) != SQLITE_DONE) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    ++m_seq;
    return true;
}

bool RecorderStore::write(const std::vector<RuntimeEvent> &events) {
    if (!m_db || m_runId == 0 || events.empty())
        return true;
    const qint64 seq = m_seq;
    bool ok = exec("BEGIN");
    for (const RuntimeEvent &e : events) {
        if (!ok)
            break;
        ok = insert(e);
    }
    sqlite3_reset(m_insert); // no statement may stay active across COMMIT
    if (ok)
        ok = exec("COMMIT");
    if (!ok) {
        const QString why = m_lastError;
        exec("ROLLBACK");
        m_lastError = why;
        m_seq = seq; // nothing of the batch was kept
    }
    return ok;
}

} // namespace infrastage::runtime
