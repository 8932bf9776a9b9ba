#pragma once

#include "mermaidgraph.h"

#include <QHash>

namespace infrastage {

// Reads the syntax of a Mermaid flowchart (graph/flowchart, subgraphs, node shapes, edges with
// labels in both syntaxes) into a MermaidGraph. Never fails: whatever it cannot read becomes a
// warning naming the line. Linear in the input; limits on sizes keep huge input bounded.
class MermaidParser final {
public:
    static constexpr int kMaxLineLength = 20000;
    static constexpr int kMaxNodes = 5000;
    static constexpr int kMaxEdges = 20000;

    // `text` is Mermaid source, or Markdown holding a ```mermaid block (the first flowchart
    // block is read; line numbers stay those of the Markdown file).
    MermaidGraph parse(const QString &text);

    // The text of a label with <br/> as newlines, other tags dropped, entities decoded.
    static QString cleanLabel(const QString &raw);

private:
    void parseStatement(const QString &statement, int line);
    bool parseHeader(const QString &statement, int line);
    void parseChain(const QString &s, int line);
    bool parseNodeGroup(const QString &s, int *pos, int line, QStringList *ids);
    bool parseNode(const QString &s, int *pos, int line, QString *id);
    bool parseArrow(const QString &s, int *pos, QString *label);
    void mention(const QString &id, int line);
    void warn(int line, const QString &what);

    MermaidGraph m_graph;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, QString> m_memberOf; // node id -> subgraph id
    QStringList m_open;                 // ids of the open subgraphs, innermost last
    bool m_headerSeen = false;
    bool m_stop = false; // an unsupported diagram type: the rest is not read
    bool m_nodeLimitWarned = false;
    bool m_edgeLimitWarned = false;
};

} // namespace infrastage
