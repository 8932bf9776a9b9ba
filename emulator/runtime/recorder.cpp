#include "recorder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>

#include <sqlite3.h>

namespace infrastage::runtime {

const char *Recorder::schema() {
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
CREATE INDEX IF NOT EXISTS run_events_trace ON run_events(run_id, trace);
)";
}

Recorder::Recorder(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(200);
    connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
}

Recorder::~Recorder() {
    close();
}

bool Recorder::exec(const char *sql) {
    char *msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        m_lastError = QString::fromUtf8(msg ? msg : sqlite3_errmsg(m_db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

bool Recorder::open(const QString &path, QString *error) {
    close();
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
    } else if (!exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") || !exec(schema()) ||
               sqlite3_prepare_v2(m_db,
                                  "INSERT INTO run_events(run_id, seq, t_ns, node, kind, trace, "
                                  "details) VALUES(?, ?, ?, ?, ?, ?, ?)",
                                  -1, &m_insert, nullptr) != SQLITE_OK) {
        if (m_lastError.isEmpty())
            m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
    }
    if (!m_db && error)
        *error = QStringLiteral("%1: %2").arg(path, m_lastError);
    return m_db != nullptr;
}

void Recorder::close() {
    if (!m_db)
        return;
    endRun();
    sqlite3_finalize(m_insert);
    m_insert = nullptr;
    sqlite3_close(m_db);
    m_db = nullptr;
}

qint64 Recorder::beginRun(const QString &topologyName, const QString &runDir) {
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
    m_timer->start();
    return m_runId;
}

void Recorder::endRun() {
    if (!m_db || m_runId == 0)
        return;
    flush();
    m_timer->stop();
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(m_db, "UPDATE runs SET ended_at = ? WHERE id = ?", -1, &st, nullptr);
    const QByteArray now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    sqlite3_bind_text(st, 1, now.constData(), int(now.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, m_runId);
    sqlite3_step(st);
    sqlite3_finalize(st);
    m_runId = 0;
}

void Recorder::record(const RuntimeEvent &event) {
    if (m_runId == 0)
        return;
    m_buffer.append(event);
}

bool Recorder::flush(QString *error) {
    if (!m_db || m_buffer.isEmpty())
        return true;
    bool ok = exec("BEGIN");
    for (const RuntimeEvent &e : std::as_const(m_buffer)) {
        if (!ok)
            break;
        const QByteArray node = e.node.toUtf8();
        const QByteArray kind = e.kind.toUtf8();
        const QByteArray trace = e.trace.toUtf8();
        const QByteArray details = QJsonDocument(e.details).toJson(QJsonDocument::Compact);
        sqlite3_reset(m_insert);
        sqlite3_bind_int64(m_insert, 1, m_runId);
        sqlite3_bind_int64(m_insert, 2, ++m_seq);
        sqlite3_bind_int64(m_insert, 3, e.t);
        sqlite3_bind_text(m_insert, 4, node.constData(), int(node.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(m_insert, 5, kind.constData(), int(kind.size()), SQLITE_TRANSIENT);
        if (trace.isEmpty())
            sqlite3_bind_null(m_insert, 6);
        else
            sqlite3_bind_text(m_insert, 6, trace.constData(), int(trace.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(m_insert, 7, details.constData(), int(details.size()), SQLITE_TRANSIENT);
        ok = sqlite3_step(m_insert) == SQLITE_DONE;
        if (!ok)
            m_lastError = QString::fromUtf8(sqlite3_errmsg(m_db));
    }
    m_buffer.clear();
    ok = exec(ok ? "COMMIT" : "ROLLBACK") && ok;
    if (!ok && error)
        *error = m_lastError;
    return ok;
}

} // namespace infrastage::runtime
