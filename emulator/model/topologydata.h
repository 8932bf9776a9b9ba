#pragma once

#include "link.h"
#include "node.h"

#include <QHash>
#include <QList>

namespace infrastage {

// The plain, copyable content of a topology: its nodes and links in order, with id lookup.
// Readers (analysis, exporters, emulator) take this; the GUI edits it through Topology.
class TopologyData final {
public:
    QString name;
    QString description;

    const QList<Node> &nodes() const { return m_nodes; }
    const QList<Link> &links() const { return m_links; }

    const Node *node(const QString &id) const;
    const Link *link(const QString &id) const;
    int nodeIndex(const QString &id) const { return m_nodeIndex.value(id, -1); }
    int linkIndex(const QString &id) const { return m_linkIndex.value(id, -1); }

    // Children of a server, in document order (from an index kept with the nodes: box sizes
    // ask for a server's rows all the time).
    QList<const Node *> children(const QString &parentId) const;
    // The first child of `parentId` of `kind`, or null.
    const Node *child(const QString &parentId, NodeKind kind) const;
    // The host a node stands on: itself for hosts, its parent for components.
    const Node *host(const Node &node) const;
    QList<const Link *> linksFrom(const QString &id) const;
    QList<const Link *> linksTo(const QString &id) const;

    // Mutation. Indexes stay valid; ids must be unique (the caller checks with node()/link()).
    void insertNode(int index, const Node &node);
    void appendNode(const Node &node) { insertNode(int(m_nodes.size()), node); }
    void replaceNode(const Node &node); // by id
    void removeNodeAt(int index);
    void insertLink(int index, const Link &link);
    void appendLink(const Link &link) { insertLink(int(m_links.size()), link); }
    void replaceLink(const Link &link); // by id
    void removeLinkAt(int index);
    void clear();

    // A fresh id of the form prefix, prefix-2, prefix-3, ... not used by any node or link.
    QString uniqueId(const QString &prefix) const;

    bool operator==(const TopologyData &o) const {
        return name == o.name && description == o.description && m_nodes == o.m_nodes &&
               m_links == o.m_links;
    }

private:
    void reindexNodes(int from);
    void reindexLinks(int from);
    void rebuildAdjacency() const;
    void rebuildChildren() const;

    QList<Node> m_nodes;
    QList<Link> m_links;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, int> m_linkIndex;
    // Lazily built: node id -> indexes of links leaving / entering it.
    mutable QHash<QString, QList<int>> m_out;
    mutable QHash<QString, QList<int>> m_in;
    mutable bool m_adjacencyValid = false;
    // Lazily built: parent id -> indexes of its children, in document order.
    mutable QHash<QString, QList<int>> m_children;
    mutable bool m_childrenValid = false;
};

} // namespace infrastage
