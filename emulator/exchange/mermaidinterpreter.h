#pragma once

#include "importer.h"
#include "inferredkind.h"
#include "mermaidboxreader.h"
#include "mermaidgraph.h"

#include <QHash>
#include <QSet>

#include <memory>

namespace infrastage {

// Gives a MermaidGraph its meaning as a topology. Each box's kind is weighed from all the
// evidence (KindScore: label, shape, icons, id, classes, subgraph, link texts); a subgraph is
// a server when it holds a server's components, one of each, and a tier ("Web tier",
// "Database cluster") otherwise; a server drawn as a box with arrows to its components holds
// them; a component drawn on its own gets a server of its own; "Internet" boxes become the
// links they stand for and an SSL certificate turns HTTPS on. MermaidLinker then types the
// arrows, MermaidLoadBalancers reads pairs and HTTPS, DesignCompletion fills in what the
// drawing left out so that the design is valid.
class MermaidInterpreter final {
public:
    ImportResult interpret(const MermaidGraph &graph, const QString &sourceName);

private:
    using Reading = MermaidBoxReader::Reading;
    void classify();
    void findServerSubgraphs();
    bool isServerSubgraph(int s, QString *why) const;
    void mergeServerBoxes();
    void claimComponents();
    void createNodes();
    void createServer(int subgraph, int mergedNode);
    void createServerFromNode(const MermaidNode &box);
    void createHost(const MermaidNode &n, const InferredKind &kind);
    QString addComponent(const QString &serverId, const MermaidNode &n, const InferredKind &kind);
    QList<MermaidEdge> bridgedEdges();
    void applyCertificates();
    void layout();
    QString newId(const QString &chosen, const QString &fallback) const;
    void warn(int line, const QString &what);
    void explain(const QString &nodeId, const QString &what);

    const MermaidGraph *m_graph = nullptr;
    std::unique_ptr<MermaidBoxReader> m_reader; // what each box is; made per interpret()
    TopologyData m_topology;
    QStringList m_warnings;
    QStringList m_explanations;
    QHash<QString, Reading> m_kinds;    // mermaid node id -> what it is
    QHash<QString, QString> m_resolved; // mermaid node / subgraph id -> topology node id
    QHash<QString, int> m_serverOf;     // mermaid node id -> index of its server subgraph
    QHash<int, int> m_mergedNodeOf;     // server subgraph index -> merged mermaid node, or -1
    QSet<int> m_serverSubgraphs;
    QString m_dnsAnswer;                 // an address a DNS box's label answers with
    QHash<QString, QString> m_claimedBy; // component mermaid id -> server box mermaid id
    QList<QPair<QString, QStringList>> m_certificates; // certificate box -> its neighbours
};

} // namespace infrastage
