#pragma once

#include "recordinginfo.h"

#include <QString>
#include <QStringList>

namespace infrastage {

class TopologyData;

// The *.infrastage project file: an SQLite database holding the topology and its layout
// (docs/file-format.md). Saved atomically; schema-versioned with migrations; a newer or damaged
// file is refused with a clear message and never written to.
namespace ProjectFile {

constexpr int kSchemaVersion = 3;

bool looksLikeProject(const QString &path); // starts with the SQLite header
bool load(const QString &path, TopologyData *topology, QString *error);
// The recordings a save writes: `keep` in, `saved` (as they are in the new file) and
// `warnings` (one left out because its events could not be read) out.
struct SavedRecordings {
    QList<RecordingInfo> keep;
    QList<RecordingInfo> saved;
    QStringList warnings;
};

// Writes the topology and the recordings of `recordings` (null: those `path` holds now, if any).
bool save(const QString &path, const TopologyData &topology, QString *error,
          SavedRecordings *recordings = nullptr);

} // namespace ProjectFile

} // namespace infrastage
