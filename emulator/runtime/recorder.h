#pragma once

#include "runtimeevent.h"

#include <QObject>
#include <QString>
#include <QVector>

struct sqlite3;
struct sqlite3_stmt;
class QTimer;

namespace infrastage::runtime {

// Stores the merged event stream of runs in SQLite: tables `runs` and `run_events`
// (docs/runtime.md), made to live in a .infrastage project file as well as in a run directory.
// Events are buffered and written in one transaction every 200 ms, so recording costs little.
class Recorder final : public QObject {
    Q_OBJECT

public:
    explicit Recorder(QObject *parent = nullptr);
    ~Recorder() override;

    bool open(const QString &path, QString *error); // creates the tables if missing
    void close();
    bool isOpen() const { return m_db != nullptr; }

    // Starts a run; returns its id (0 on failure).
    qint64 beginRun(const QString &topologyName, const QString &runDir);
    void endRun();
    void record(const RuntimeEvent &event);
    bool flush(QString *error = nullptr);
    qint64 recorded() const { return m_seq; }
    QString lastError() const { return m_lastError; }

    static const char *schema();

private:
    bool exec(const char *sql);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    QTimer *m_timer;
    QVector<RuntimeEvent> m_buffer;
    qint64 m_runId = 0;
    qint64 m_seq = 0;
    QString m_lastError;
};

} // namespace infrastage::runtime
