#pragma once

#include "inferredkind.h"

#include <QString>

namespace infrastage {

class KindScore;

// Reading kinds from diagram labels. Shared by the importers (to read labels) and the diagram
// exporters (to know when a name needs a hint so that it reads back the same).
namespace KindInference {
// The kind a label alone says (first line weighed most, an exporter's "(web server)" hint
// deciding).
InferredKind fromLabel(const QString &label);
// Adds the evidence of a label to `score`: its first line, its other lines, an exporter's hint.
void scoreLabel(const QString &label, KindScore *score);
// The design IP written in a label as "IP: 192.168.1.10" (or "IP 192.168.1.10"), if any.
QString addressFromLabel(const QString &label);
// Only an address written as "IP: 192.168.1.10" (or "IP 192.168.1.10"), if any.
QString labelledAddress(const QString &label);
// The virtual IP written in a label as "VIP: 8.8.8.8" (or "virtual IP 8.8.8.8"), if any.
QString virtualAddressFromLabel(const QString &label);
// The line a diagram label needs so that fromLabel() reads it back as `kind`.
QString hintFor(NodeKind kind, const QString &databaseRole = QString());
} // namespace KindInference

} // namespace infrastage
