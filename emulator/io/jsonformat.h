#pragma once

#include <QByteArray>
#include <QString>

namespace infrastage {

class TopologyData;

// The *.infra.json interchange format (docs/file-format.md): schema-versioned, keys in a
// stable order, every property written out, so two saves of one topology are the same bytes.
namespace JsonFormat {

constexpr int kVersion = 1;
constexpr const char *kFormatName = "infrastage-topology";
constexpr qint64 kMaxFileSize = 64ll * 1024 * 1024;

QByteArray write(const TopologyData &topology);

// Reads and validates. On failure returns false, leaves `topology` untouched and sets `error`
// to a message naming where and why ("line 3, column 5: ...", "node 'lb1', field 'port': ...").
bool read(const QByteArray &bytes, TopologyData *topology, QString *error);

} // namespace JsonFormat

} // namespace infrastage
