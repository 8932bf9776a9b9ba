#pragma once

#include "importer.h"
#include "kindinference.h"
#include "mermaidgraph.h"

#include <QHash>
#include <QSet>

namespace infrastage {

// Gives a MermaidGraph its meaning as a topology: kinds from labels, servers from subgraphs
// (merged with the box that stands for the same server), design IPs from "IP: ..." in labels,
// typed links from the kinds at both ends of each arrow, and the links a diagram leaves
// implicit (a server's Nginx forwards to its application server, which uses its database).
class MermaidInterpreter final {
public:
    ImportResult interpret(const MermaidGraph &graph, const QString &sourceName);

private:
    void classify();
    void createNodes();
    void createServer(int subgraph, int mergedNode);
    void createHost(const MermaidNode &n, const InferredKind &kind);
    QString addComponent(const QString &serverId, const MermaidNode &n, const InferredKind &kind);
    void assignAddresses();
    void linkEdges();
    void addLink(LinkKind kind, const QString &from, const QString &to, const QString &label,
                 int line);
    bool specificLink(const Node &a, const Node &b, LinkKind *kind, QString *from,
                      QString *to) const;
    bool connected(const QString &hostA, const QString &hostB) const;
    void addImpliedLinks();
    void layout();
    QString newId(const QString &chosen, const QString &fallback) const;
    void warn(int line, const QString &what);

    const MermaidGraph *m_graph = nullptr;
    TopologyData m_topology;
    QStringList m_warnings;
    QHash<QString, InferredKind> m_kinds; // mermaid node id -> what it is
    QHash<QString, QString> m_resolved;   // mermaid node / subgraph id -> topology node id
    QHash<QString, int> m_serverOf;       // mermaid node id -> index of its server subgraph
    QHash<int, int> m_mergedNodeOf;       // server subgraph index -> merged mermaid node, or -1
    QSet<int> m_serverSubgraphs;
    QString m_dnsAnswer; // an address a DNS server was drawn answering with
};

} // namespace infrastage
