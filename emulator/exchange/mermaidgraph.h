#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace infrastage {

// A Mermaid flowchart as written, before any meaning is given to it: what MermaidParser reads
// and MermaidImporter interprets. Line numbers are those of the file the user gave.

struct MermaidNode {
    QString id;
    QString label; // "<br/>" already turned into "\n", tags and entities removed
    QString shape; // "rect", "round", "stadium", "subroutine", "cylinder", "circle", "rhombus",
                   // "hexagon", "asymmetric", "parallelogram", "trapezoid"; empty: no shape given
    int line = 0;  // where the node was first mentioned
    bool labelled = false; // a shape with text was given somewhere
};

struct MermaidEdge {
    QString from;
    QString to;
    QString label;
    int line = 0;
};

struct MermaidSubgraph {
    QString id;
    QString title;
    QString parent;      // id of the enclosing subgraph, empty at top level
    QStringList members; // node ids, in order of mention
    int line = 0;
};

struct MermaidGraph {
    bool flowchart = false; // a graph/flowchart header was found (or assumed)
    QString direction = QStringLiteral("TD");
    QString title; // front matter "title:", if any
    QList<MermaidNode> nodes;
    QList<MermaidEdge> edges;
    QList<MermaidSubgraph> subgraphs;
    QStringList warnings; // "line N: ..."

    int nodeIndex(const QString &id) const;
    int subgraphIndex(const QString &id) const;
};

} // namespace infrastage
