#include "topologydata.h"

#include "kindspec.h"

namespace infrastage {

Node makeNode(NodeKind kind, const QString &id, const QString &name) {
    Node n;
    n.id = id;
    n.kind = kind;
    n.name = name.isEmpty() ? nodeKindLabel(kind) : name;
    for (const PropertySpec &p : nodeKindSpec(kind).properties)
        n.properties.insert(p.key, p.defaultValue);
    return n;
}

Link makeLink(LinkKind kind, const QString &id, const QString &from, const QString &to) {
    Link l;
    l.id = id;
    l.kind = kind;
    l.from = from;
    l.to = to;
    for (const PropertySpec &p : linkKindSpec(kind).properties)
        l.properties.insert(p.key, p.defaultValue);
    return l;
}

const Node *TopologyData::node(const QString &id) const {
    const int i = m_nodeIndex.value(id, -1);
    return i < 0 ? nullptr : &m_nodes.at(i);
}

const Link *TopologyData::link(const QString &id) const {
    const int i = m_linkIndex.value(id, -1);
    return i < 0 ? nullptr : &m_links.at(i);
}

QList<const Node *> TopologyData::children(const QString &parentId) const {
    QList<const Node *> out;
    if (parentId.isEmpty())
        return out;
    if (!m_childrenValid)
        rebuildChildren();
    auto it = m_children.constFind(parentId);
    if (it == m_children.cend())
        return out;
    out.reserve(it->size());
    for (int i : *it)
        out.append(&m_nodes.at(i));
    return out;
}

void TopologyData::rebuildChildren() const {
    m_children.clear();
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (!m_nodes[i].parent.isEmpty())
            m_children[m_nodes[i].parent].append(i);
    }
    m_childrenValid = true;
}

const Node *TopologyData::child(const QString &parentId, NodeKind kind) const {
    for (const Node *n : children(parentId)) {
        if (n->kind == kind)
            return n;
    }
    return nullptr;
}

const Node *TopologyData::host(const Node &n) const {
    if (n.parent.isEmpty())
        return &n;
    const Node *p = node(n.parent);
    return p ? p : &n;
}

void TopologyData::rebuildAdjacency() const {
    m_out.clear();
    m_in.clear();
    for (int i = 0; i < m_links.size(); ++i) {
        m_out[m_links[i].from].append(i);
        m_in[m_links[i].to].append(i);
    }
    m_adjacencyValid = true;
}

QList<const Link *> TopologyData::linksFrom(const QString &id) const {
    if (!m_adjacencyValid)
        rebuildAdjacency();
    QList<const Link *> out;
    auto it = m_out.constFind(id);
    if (it == m_out.cend())
        return out;
    out.reserve(it->size());
    for (int i : *it)
        out.append(&m_links.at(i));
    return out;
}

QList<const Link *> TopologyData::linksTo(const QString &id) const {
    if (!m_adjacencyValid)
        rebuildAdjacency();
    QList<const Link *> out;
    auto it = m_in.constFind(id);
    if (it == m_in.cend())
        return out;
    out.reserve(it->size());
    for (int i : *it)
        out.append(&m_links.at(i));
    return out;
}

void TopologyData::insertNode(int index, const Node &node) {
    index = qBound(0, index, int(m_nodes.size()));
    const bool appended = index == m_nodes.size();
    m_nodes.insert(index, node);
    reindexNodes(index);
    // Appending keeps every other index: the children index grows instead of being rebuilt.
    if (!appended)
        m_childrenValid = false;
    else if (m_childrenValid && !node.parent.isEmpty())
        m_children[node.parent].append(index);
}

void TopologyData::replaceNode(const Node &node) {
    const int i = nodeIndex(node.id);
    if (i >= 0) {
        if (m_nodes[i].parent != node.parent)
            m_childrenValid = false;
        m_nodes[i] = node;
    }
}

void TopologyData::removeNodeAt(int index) {
    m_nodeIndex.remove(m_nodes.at(index).id);
    m_nodes.removeAt(index);
    reindexNodes(index);
    m_childrenValid = false;
}

void TopologyData::insertLink(int index, const Link &link) {
    index = qBound(0, index, int(m_links.size()));
    const bool appended = index == m_links.size();
    const bool adjacencyWasValid = m_adjacencyValid;
    m_links.insert(index, link);
    reindexLinks(index);
    if (appended && adjacencyWasValid) {
        // Appending keeps every other index: extend the adjacency instead of rebuilding it,
        // so a reader that adds links one by one (an importer) stays linear.
        m_out[link.from].append(index);
        m_in[link.to].append(index);
        m_adjacencyValid = true;
    }
}

void TopologyData::replaceLink(const Link &link) {
    const int i = linkIndex(link.id);
    if (i >= 0) {
        if (m_links[i].from != link.from || m_links[i].to != link.to)
            m_adjacencyValid = false;
        m_links[i] = link;
    }
}

void TopologyData::removeLinkAt(int index) {
    m_linkIndex.remove(m_links.at(index).id);
    m_links.removeAt(index);
    reindexLinks(index);
}

void TopologyData::clear() {
    *this = TopologyData();
}

QString TopologyData::uniqueId(const QString &prefix) const {
    auto used = [this](const QString &id) {
        return m_nodeIndex.contains(id) || m_linkIndex.contains(id);
    };
    if (!used(prefix))
        return prefix;
    for (int i = 2;; ++i) {
        const QString id = QStringLiteral("%1-%2").arg(prefix).arg(i);
        if (!used(id))
            return id;
    }
}

void TopologyData::reindexNodes(int from) {
    for (int i = from; i < m_nodes.size(); ++i)
        m_nodeIndex.insert(m_nodes[i].id, i);
}

void TopologyData::reindexLinks(int from) {
    for (int i = from; i < m_links.size(); ++i)
        m_linkIndex.insert(m_links[i].id, i);
    m_adjacencyValid = false;
}

} // namespace infrastage
