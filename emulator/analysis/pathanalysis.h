#pragma once

#include <QStringList>

namespace infrastage {

class AnalysisContext;

// The two paths a design must keep working: a user gets a page (read), a user's write is
// committed (write).
enum class PathKind {
    Read,  // DNS -> entry -> web -> app -> any database that serves reads
    Write, // the same, ending at a primary (or a replica that automatic failover promotes)
};

// Which single elements (nodes or links) break a path when they fail alone.
struct PathAnalysis {
    bool applicable = true; // false for the write path of a design without databases
    bool exists = false;    // the path works at all with everything up
    QStringList spofs;      // node and link ids, in document order (servers included)
};

// Builds the path as a graph whose vertices are the elements a request crosses and computes
// its dominators: an element is a single point of failure exactly when it dominates the end.
// Linear in the size of the topology for servers whose components are entered once; a server
// entered at several components is checked with one extra traversal.
PathAnalysis analyzePath(const AnalysisContext &context, PathKind kind);

} // namespace infrastage
