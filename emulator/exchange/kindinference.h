#pragma once

#include "model/nodekind.h"

#include <QString>

namespace infrastage {

// What a diagram label says a box is: "HAProxy Load Balancer" is a load balancer,
// "MySQL Replica Database" a replica. Shared by the importers (to read labels) and the
// diagram exporters (to know when a name needs a hint so that it reads back the same).
struct InferredKind {
    bool known = false;
    NodeKind kind = NodeKind::Note;
    QString databaseRole; // "primary" or "replica" for databases
};

namespace KindInference {
InferredKind fromLabel(const QString &label);
// The design IP written in a label as "IP: 192.168.1.10" (or "IP 192.168.1.10"), if any.
QString addressFromLabel(const QString &label);
// The line a diagram label needs so that fromLabel() reads it back as `kind`.
QString hintFor(NodeKind kind, const QString &databaseRole = QString());
} // namespace KindInference

} // namespace infrastage
