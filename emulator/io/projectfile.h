#pragma once

#include <QString>

namespace infrastage {

class TopologyData;

// The *.infrastage project file: an SQLite database holding the topology and its layout
// (docs/file-format.md). Saved atomically; schema-versioned with migrations; a newer or damaged
// file is refused with a clear message and never written to.
namespace ProjectFile {

constexpr int kSchemaVersion = 2;

bool looksLikeProject(const QString &path); // starts with the SQLite header
bool load(const QString &path, TopologyData *topology, QString *error);
bool save(const QString &path, const TopologyData &topology, QString *error);

} // namespace ProjectFile

} // namespace infrastage
