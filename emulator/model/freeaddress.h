#pragma once

#include "topologydata.h"

#include <QSet>

namespace infrastage {

// Which design address a new or copied host gets: the one it starts from if no host uses it,
// else the next one after it that is free (skipping .0 and .255). One rule for the designer,
// the fixes and the importer.
class FreeAddress final {
public:
    // Every design IP and virtual IP in use.
    static QSet<QString> used(const TopologyData &data);
    // `start` if neither used nor in `taken`, else the next such address after it; `start`
    // itself when it is not an IPv4 address or nothing after it is free.
    static QString from(const TopologyData &data, const QString &start,
                        const QSet<QString> &taken = {});
    // The first free address from the default of `kind` (DefaultAddress); empty for kinds
    // without one.
    static QString forKind(const TopologyData &data, NodeKind kind,
                           const QSet<QString> &taken = {});
};

} // namespace infrastage
