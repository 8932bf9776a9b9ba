#pragma once

#include "runtimeevent.h"

#include <QObject>
#include <QString>

#include <memory>

namespace infrastage::runtime {

// Stores the merged event stream of runs in SQLite: tables `runs` and `run_events`
// (docs/runtime.md), made to live in a .infrastage project file as well as in a run directory.
// record() only queues the event; a thread of the recorder's own writes the queue in one
// transaction every 100 ms (or sooner when 16,384 events wait), so neither SQLite nor the disk
// ever holds up the event loop that drains the nodes' pipes. The queue is bounded: events that
// do not fit are dropped and the recording says how many at that place
// (`runtime.events_dropped`, `dropped`, `reason`).
class Recorder final : public QObject {
    Q_OBJECT

public:
    explicit Recorder(QObject *parent = nullptr);
    ~Recorder() override;

    bool open(const QString &path, QString *error); // creates the tables if missing
    void close();
    bool isOpen() const;

    // Starts a run; returns its id (0 on failure).
    qint64 beginRun(const QString &topologyName, const QString &runDir);
    void endRun();
    void record(const RuntimeEvent &event);
    // Writes everything queued now (waits for the recorder's thread); false on an SQLite error.
    bool flush(QString *error = nullptr);
    qint64 recorded() const;      // events written to the database in this run
    qint64 droppedEvents() const; // events that did not fit in the queue in this run
    QString lastError() const;
    // At most this many events wait for the database (default 262,144: seconds of full load).
    void setMaxQueuedEvents(qint64 events);

    static const char *schema();

private:
    struct Shared;
    std::unique_ptr<Shared> m_shared;
    bool m_recording = false; // a run is open: record() queues
};

} // namespace infrastage::runtime
