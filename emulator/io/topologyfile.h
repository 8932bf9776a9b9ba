#pragma once

#include <QString>

namespace infrastage {

class TopologyData;

// Opening and saving a topology by path, whatever its format: the SQLite project file
// (*.infrastage, recognised by content) or the JSON interchange format (anything else).
namespace TopologyFile {

bool isProjectPath(const QString &path); // ends in .infrastage

// Reads `path`. On failure returns false, leaves `topology` untouched and sets `error` to
// "<path>: <what is wrong and where>".
bool load(const QString &path, TopologyData *topology, QString *error);

// Writes atomically (temporary file, then rename): a failed save leaves the old file intact.
bool save(const QString &path, const TopologyData &topology, QString *error);

} // namespace TopologyFile

} // namespace infrastage
