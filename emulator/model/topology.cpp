#include "topology.h"

namespace infrastage {

Topology::Topology(QObject *parent)
    : QObject(parent) {}

void Topology::reset(const TopologyData &data) {
    m_data = data;
    Q_EMIT modelReset();
    Q_EMIT changed();
}

void Topology::setName(const QString &name) {
    if (m_data.name == name)
        return;
    m_data.name = name;
    Q_EMIT metaChanged();
    Q_EMIT changed();
}

void Topology::setDescription(const QString &description) {
    if (m_data.description == description)
        return;
    m_data.description = description;
    Q_EMIT metaChanged();
    Q_EMIT changed();
}

void Topology::insertNode(int index, const Node &node) {
    Q_ASSERT(!m_data.node(node.id));
    m_data.insertNode(index, node);
    Q_EMIT nodeAdded(node.id);
    Q_EMIT changed();
}

void Topology::updateNode(const Node &node) {
    const Node *old = m_data.node(node.id);
    if (!old || *old == node)
        return;
    m_data.replaceNode(node);
    Q_EMIT nodeChanged(node.id);
    Q_EMIT changed();
}

void Topology::removeNode(const QString &id) {
    const int i = m_data.nodeIndex(id);
    if (i < 0)
        return;
    Q_EMIT nodeAboutToBeRemoved(id);
    m_data.removeNodeAt(i);
    Q_EMIT nodeRemoved(id);
    Q_EMIT changed();
}

void Topology::insertLink(int index, const Link &link) {
    Q_ASSERT(!m_data.link(link.id));
    m_data.insertLink(index, link);
    Q_EMIT linkAdded(link.id);
    Q_EMIT changed();
}

void Topology::updateLink(const Link &link) {
    const Link *old = m_data.link(link.id);
    if (!old || *old == link)
        return;
    m_data.replaceLink(link);
    Q_EMIT linkChanged(link.id);
    Q_EMIT changed();
}

void Topology::removeLink(const QString &id) {
    const int i = m_data.linkIndex(id);
    if (i < 0)
        return;
    Q_EMIT linkAboutToBeRemoved(id);
    m_data.removeLinkAt(i);
    Q_EMIT linkRemoved(id);
    Q_EMIT changed();
}

} // namespace infrastage
