#pragma once

#include "recordinginfo.h"

#include <QStringList>

struct sqlite3;

namespace infrastage {

// The recordings of a project file (docs/file-format.md, schema version 3): one row per
// recording in `recordings`, its events in `recording_events` with the columns of the
// recorder's `run_events`, so a run's events.sqlite is copied in with one INSERT ... SELECT.
namespace ProjectRecordings {

inline constexpr const char *kSchema = R"(
CREATE TABLE IF NOT EXISTS recordings(id INTEGER PRIMARY KEY, ord INTEGER NOT NULL,
    name TEXT NOT NULL, created_at TEXT NOT NULL, topology_hash TEXT NOT NULL,
    topology TEXT NOT NULL, events INTEGER NOT NULL, first_ns INTEGER NOT NULL,
    last_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS recording_events(
    recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, t_ns INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL,
    trace TEXT, details TEXT NOT NULL, PRIMARY KEY(recording_id, seq)) WITHOUT ROWID;
)";

// The recordings of a project file, in their order; none for a file older than schema 3.
// False, with the reason, when the file or its recordings table cannot be read.
bool list(const QString &projectPath, QList<RecordingInfo> *out, QString *error);

// Fills the counts and times of run `runId` (0: the last one) of a run's events.sqlite into
// `info` (which becomes a RunDirectory recording of that file).
bool describeRun(const QString &eventsPath, qint64 runId, RecordingInfo *info, QString *error);

// Copies `recordings` into `db` (a project file being written, no transaction open), in order;
// `saved` gets each as it now is in `db` (path left empty: the caller knows it). One whose
// events cannot be read is left out and named in `warnings`. False only on a write error.
bool copyInto(sqlite3 *db, const QList<RecordingInfo> &recordings, QList<RecordingInfo> *saved,
              QStringList *warnings, QString *error);

// The statement that reads a recording's events in order (seq, t_ns, node, kind, trace,
// details) with its id bound to ?1.
const char *eventsQuery(RecordingSource source);

} // namespace ProjectRecordings

} // namespace infrastage
