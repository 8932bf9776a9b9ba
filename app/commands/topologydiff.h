#pragma once

#include "model/topologydata.h"

#include <QList>
#include <QPair>

namespace infrastage {
class Topology;
}

namespace infrastage::gui {

// The difference between two states of a topology, as ids and values: nodes and links
// removed (with their index before), added (with their index after) and changed (before,
// after). Applying it forwards or backwards through Topology's calls restores either state
// exactly, order included, and lets the canvas update item by item.
class TopologyDiff final {
public:
    // Assumes nodes and links kept by both states keep their relative order.
    static TopologyDiff between(const TopologyData &before, const TopologyData &after);

    void addNode(int index, const Node &node) { m_addedNodes.append({index, node}); }
    void removeNode(int index, const Node &node) { m_removedNodes.append({index, node}); }
    void changeNode(const Node &before, const Node &after);
    void addLink(int index, const Link &link) { m_addedLinks.append({index, link}); }
    void removeLink(int index, const Link &link) { m_removedLinks.append({index, link}); }
    void changeLink(const Link &before, const Link &after);

    // Folds a later diff on the same nodes into this one (changes only; used by merging).
    bool absorbChanges(const TopologyDiff &later);

    void redo(Topology *topology) const;
    void undo(Topology *topology) const;
    bool isEmpty() const;

    const QList<QPair<Node, Node>> &changedNodes() const { return m_changedNodes; }
    const QList<QPair<int, Node>> &addedNodes() const { return m_addedNodes; }

private:
    QList<QPair<int, Node>> m_addedNodes;   // index after
    QList<QPair<int, Node>> m_removedNodes; // index before
    QList<QPair<Node, Node>> m_changedNodes;
    QList<QPair<int, Link>> m_addedLinks;
    QList<QPair<int, Link>> m_removedLinks;
    QList<QPair<Link, Link>> m_changedLinks;
    QString m_nameBefore, m_nameAfter; // topology name, when it changes
    bool m_nameChanged = false;
};

} // namespace infrastage::gui
