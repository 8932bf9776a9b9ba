#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace infrastage {

// A Mermaid diagram as written, before any meaning is given to it: what the parsers read
// (MermaidParser for flowcharts, MermaidArchitectureParser for architecture-beta) and
// MermaidInterpreter interprets. Line numbers are those of the file the user gave.

// How a link is drawn (Mermaid's strokes).
enum class MermaidStroke {
    Normal,    // --> ---
    Thick,     // ==> ===
    Dotted,    // -.-> -.-
    Invisible, // ~~~ (lays boxes out; joins nothing)
};

struct MermaidNode {
    QString id;            // unique in the graph; a copy made for a reused id has "id@subgraph"
    QString writtenId;     // the id as written in the diagram
    QString label;         // "<br/>" already turned into "\n", tags, icons and entities removed
    QString shape;         // "rect", "round", "stadium", "subroutine", "cylinder", "circle",
                           // "rhombus", "hexagon", "asymmetric", "parallelogram", "trapezoid",
                           // "service" (architecture), "junction"; empty: no shape given
    QStringList icons;     // "fa:fa-database", "database" (architecture), ... in order
    QStringList classes;   // ":::class" and "class A name"
    int line = 0;          // where the node was first mentioned
    bool labelled = false; // a shape with text was given somewhere
};

struct MermaidEdge {
    QString from;
    QString to;
    QString label;
    int line = 0;
    MermaidStroke stroke = MermaidStroke::Normal;
    bool arrowAtStart = false; // "<--" or "<-->"
    bool arrowAtEnd = false;   // "-->"
};

struct MermaidSubgraph {
    QString id;
    QString title;
    QString parent;      // id of the enclosing subgraph, empty at top level
    QStringList members; // node ids, in order of mention
    QStringList icons;   // architecture groups name an icon
    int line = 0;
};

struct MermaidGraph {
    bool flowchart = false;    // a diagram this program reads was found (flowchart or architecture)
    bool architecture = false; // it was an architecture-beta diagram
    QString direction = QStringLiteral("TD");
    QString title; // front matter "title:" or the Markdown heading, if any
    QList<MermaidNode> nodes;
    QList<MermaidEdge> edges;
    QList<MermaidSubgraph> subgraphs;
    QStringList warnings; // "line N: ..."

    int nodeIndex(const QString &id) const;
    int subgraphIndex(const QString &id) const;
};

} // namespace infrastage
