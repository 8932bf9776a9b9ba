#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace infrastage {

// Where the events of a recording are now.
enum class RecordingSource {
    Project,      // a project file: tables recordings / recording_events (docs/file-format.md)
    RunDirectory, // a run's events.sqlite: tables runs / run_events (docs/runtime.md)
};

// One recording of a run (its requests, its load, its faults), as the Recordings dock lists it:
// what it is, the design it was made from, and where its events are. A recording made by the
// designer stays in its run directory until the project is saved; then it lives in the file.
struct RecordingInfo {
    qint64 id = 0;        // recordings.id in a project file, runs.id in a run's events.sqlite
    QString name;         // "Run 3", renamed by the user at will
    QString createdAt;    // ISO 8601, UTC
    QString topologyHash; // of the design as recorded, positions left out (TopologyHash)
    QByteArray topology;  // the design as recorded, in the JSON interchange format
    qint64 events = 0;
    qint64 firstNs = 0; // CLOCK_MONOTONIC of the first and the last event
    qint64 lastNs = 0;
    QString path; // the SQLite file that holds the events now
    RecordingSource source = RecordingSource::Project;

    double seconds() const { return double(lastNs - firstNs) / 1e9; }
};

} // namespace infrastage

Q_DECLARE_METATYPE(infrastage::RecordingInfo)
