#pragma once

#include <QList>
#include <QString>

namespace infrastage {

// One thing wrong with a topology, precise enough to point at: which node or link, which field.
struct ValidationIssue {
    QString nodeId;  // the node at fault, if any
    QString linkId;  // the link at fault, if any
    QString field;   // the property or attribute at fault ("ip", "parent", "to", ...), if any
    QString message; // why, in words a user can act on
    bool structural = true; // true: the file cannot be loaded; false: loadable, shown as a finding

    // "node 'lb1', field 'port': 70000 is not a port (1 to 65535)"
    QString toString() const;
};

using ValidationIssues = QList<ValidationIssue>;

} // namespace infrastage
