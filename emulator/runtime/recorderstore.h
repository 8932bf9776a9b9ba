#pragma once

#include "runtimeevent.h"

#include <QString>

#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace infrastage::runtime {

// The SQLite side of the Recorder: the tables `runs` and `run_events` (docs/runtime.md) and
// batches of events written in one transaction through a prepared statement. Not thread-safe:
// the Recorder uses it from one thread at a time.
class RecorderStore final {
public:
    RecorderStore() = default;
    ~RecorderStore();
    RecorderStore(const RecorderStore &) = delete;
    RecorderStore &operator=(const RecorderStore &) = delete;

    bool open(const QString &path, QString *error); // creates the tables if missing
    void close();
    bool isOpen() const { return m_db != nullptr; }

    qint64 beginRun(const QString &topologyName, const QString &runDir); // 0 on failure
    void endRun();
    qint64 runId() const { return m_runId; }
    // Appends the events with the next sequence numbers, in one transaction.
    bool write(const std::vector<RuntimeEvent> &events);
    qint64 written() const { return m_seq; }
    QString lastError() const { return m_lastError; }

    static const char *schema();     // the tables
    static const char *traceIndex(); // the index by trace, made when a run ends

private:
    bool exec(const char *sql);
    bool insert(const RuntimeEvent &e);
    // A node or kind name in UTF-8: a few dozen names repeat in every row, so each is converted
    // once (found by the parser's interned string first, then by value).
    const QByteArray &nameUtf8(const QString &name);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    qint64 m_runId = 0;
    qint64 m_seq = 0;
    QString m_lastError;
    std::vector<std::pair<QString, QByteArray>> m_names;
};

} // namespace infrastage::runtime
