#pragma once

#include "mermaidgraph.h"
#include "mermaidstatements.h"

#include <QHash>
#include <QSet>

namespace infrastage {

// Reads the syntax of a Mermaid flowchart into a MermaidGraph, following Mermaid's own
// flowchart grammar: graph/flowchart headers, subgraphs (nested, with ids and titles), every
// node shape, "@{ shape: ..., label: ... }" shape data, ":::class", "&" groups, links of
// every stroke and length with their text in either syntax ("-- text -->", "--"text"-->",
// "-->|text|"), both-way arrows, link ids ("e1@-->"), quoted and multi-line labels, icons
// ("fa:fa-server") and comments. Never fails: whatever it cannot read becomes a warning naming
// the line. A node id declared again inside another subgraph (the same "Nginx" in two server
// boxes) becomes a copy of its own there. Linear in the input; size limits keep huge input
// bounded. An architecture-beta diagram is handed to MermaidArchitectureParser.
class MermaidParser final {
public:
    static constexpr int kMaxLineLength = MermaidStatements::kMaxLineLength;
    static constexpr int kMaxNodes = 5000;
    static constexpr int kMaxEdges = 20000;

    // `text` is Mermaid source, or Markdown holding a ```mermaid block (see MermaidSource);
    // line numbers stay those of the file.
    MermaidGraph parse(const QString &text);

    // The text of a label with <br/> as newlines, other tags dropped, entities decoded; the
    // icons it names ("fa:fa-database") are taken out into `icons`.
    static QString cleanLabel(const QString &raw, QStringList *icons = nullptr);
    // Moves `*pos` past the white space at it.
    static void skipSpaces(const QString &s, int *pos);

private:
    struct Mention {
        QStringList ids; // what the written id stands for here (copies: one per subgraph)
    };
    void parseStatement(const QString &statement, int line);
    bool parseHeader(const QString &statement, int line);
    void parseSubgraph(const QString &rest, int line);
    void parseClassStatement(const QString &statement);
    void parseChain(const QString &s, int line);
    bool parseNodeGroup(const QString &s, int *pos, int line, QList<Mention> *group);
    bool parseNode(const QString &s, int *pos, int line, Mention *mention);
    bool parseShape(const QString &s, int *pos, int line, const QString &writtenId, QString *label,
                    QString *shape);
    bool parseShapeData(const QString &s, int *pos, QString *label, QString *shape,
                        QStringList *icons);
    Mention mention(const QString &writtenId, int line, bool declared);
    QString createNode(const QString &id, const QString &writtenId, int line);
    void addToOpenSubgraph(const QString &id);
    void addEdges(const QList<Mention> &left, const QList<Mention> &right, const MermaidEdge &edge);
    void setLabel(const QStringList &ids, const QString &label, const QString &shape,
                  const QStringList &icons);
    bool isWithin(const QString &inner, const QString &outer) const;
    void warn(int line, const QString &what);

    MermaidGraph m_graph;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, QString> m_memberOf;   // node id -> subgraph id
    QHash<QString, QStringList> m_copies; // written id -> ids of its copies in subgraphs
    QHash<QString, QString> m_copyScope;  // copy id -> the subgraph it was made for
    QStringList m_open;                   // ids of the open subgraphs, innermost last
    QSet<QString> m_edgeIds;              // "e1" of "A e1@--> B" (Mermaid 11)
    bool m_headerSeen = false;
    bool m_stop = false;
    bool m_nodeLimitWarned = false;
    bool m_edgeLimitWarned = false;
};

} // namespace infrastage
