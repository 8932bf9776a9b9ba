#pragma once

#include "inferredkind.h"
#include "mermaidgraph.h"

#include <QHash>
#include <QList>

#include <functional>

namespace infrastage {

// What each box of a Mermaid flowchart is, weighed from all its evidence (KindScore): the words
// of its label, its shape, icons, id and classes, the subgraph it sits in and the text of its
// links; then read a second time with what its neighbours were read as (a box between Nginx
// and a database is an application). MermaidInterpreter builds the topology from the readings.
class MermaidBoxReader final {
public:
    struct Reading {
        InferredKind kind;
        QString explanation;
        QString label;
        int line = 0;
    };
    struct Listed {
        InferredKind kind;
        QString text;
    };
    using Warn = std::function<void(int line, const QString &what)>;

    explicit MermaidBoxReader(const MermaidGraph &graph);

    // Every box's reading by Mermaid node id. A box nothing names is a note; that and every
    // close call are warned about with the box's line.
    QHash<QString, Reading> readAll(const Warn &warn) const;
    // The indexes in the graph of the edges at node `id`.
    QList<int> edgesAt(const QString &id) const { return m_edgesAt.value(id); }

    // "Server 1\nNginx + Gunicorn\nMySQL primary": the parts a server box names in its label.
    static QList<Listed> listedComponents(const QString &label);
    static bool isComponentKind(NodeKind k);
    static bool canBeComponent(NodeKind k); // a component, a host firewall or an agent
    static QString firstLine(const QString &label);
    static QString withArticle(const QString &noun); // "a server", "an application server"

private:
    // What `n` is from its own drawing; with `neighbours` (a first reading of every node), what
    // the nodes it is linked to add.
    Reading read(const MermaidNode &n, const QHash<QString, Reading> *neighbours) const;

    const MermaidGraph &m_graph;
    QHash<QString, QList<int>> m_edgesAt; // mermaid node id -> indexes of its edges
    QHash<QString, int> m_subgraphOf;     // mermaid node id -> index of its subgraph
};

} // namespace infrastage
