#pragma once

#include "mermaidgraph.h"

namespace infrastage {

class MermaidSource;

// Reads a Mermaid architecture-beta diagram into the same MermaidGraph a flowchart gives:
// services become nodes (their icon kept as evidence of what they are), groups become
// subgraphs (nested with "in"), edges ("db:R --> L:server", "-[label]-", "{group}" ends)
// become edges. A junction only joins lines: each pair of services it joins becomes an edge.
// What it cannot read is a warning naming the line.
class MermaidArchitectureParser final {
public:
    MermaidGraph parse(const MermaidSource &source);

private:
    void parseLine(const QString &line, int lineNo);
    void placeIn(const QString &id, const QString &group, int lineNo);
    void resolveJunctions();
    void warn(int line, const QString &what);

    MermaidGraph m_graph;
    QStringList m_junctions;
};

} // namespace infrastage
