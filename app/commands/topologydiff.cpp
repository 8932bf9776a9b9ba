#include "topologydiff.h"

#include "model/topology.h"

#include <algorithm>

namespace infrastage::gui {

namespace {

template <typename T> void sortByIndex(QList<QPair<int, T>> *list, bool descending) {
    std::sort(list->begin(), list->end(), [descending](const auto &a, const auto &b) {
        return descending ? a.first > b.first : a.first < b.first;
    });
}

} // namespace

TopologyDiff TopologyDiff::between(const TopologyData &before, const TopologyData &after) {
    TopologyDiff d;
    for (int i = 0; i < before.nodes().size(); ++i) {
        const Node &n = before.nodes().at(i);
        const Node *a = after.node(n.id);
        if (!a)
            d.m_removedNodes.append({i, n});
        else if (!(*a == n))
            d.m_changedNodes.append({n, *a});
    }
    for (int i = 0; i < after.nodes().size(); ++i) {
        if (!before.node(after.nodes().at(i).id))
            d.m_addedNodes.append({i, after.nodes().at(i)});
    }
    for (int i = 0; i < before.links().size(); ++i) {
        const Link &l = before.links().at(i);
        const Link *a = after.link(l.id);
        if (!a)
            d.m_removedLinks.append({i, l});
        else if (!(*a == l))
            d.m_changedLinks.append({l, *a});
    }
    for (int i = 0; i < after.links().size(); ++i) {
        if (!before.link(after.links().at(i).id))
            d.m_addedLinks.append({i, after.links().at(i)});
    }
    if (before.name != after.name) {
        d.m_nameChanged = true;
        d.m_nameBefore = before.name;
        d.m_nameAfter = after.name;
    }
    return d;
}

void TopologyDiff::changeNode(const Node &before, const Node &after) {
    for (auto &c : m_changedNodes) {
        if (c.first.id == before.id) {
            c.second = after;
            return;
        }
    }
    m_changedNodes.append({before, after});
}

void TopologyDiff::changeLink(const Link &before, const Link &after) {
    for (auto &c : m_changedLinks) {
        if (c.first.id == before.id) {
            c.second = after;
            return;
        }
    }
    m_changedLinks.append({before, after});
}

bool TopologyDiff::absorbChanges(const TopologyDiff &later) {
    if (!later.m_addedNodes.isEmpty() || !later.m_removedNodes.isEmpty() ||
        !later.m_addedLinks.isEmpty() || !later.m_removedLinks.isEmpty())
        return false;
    for (const auto &c : later.m_changedNodes)
        changeNode(c.first, c.second);
    for (const auto &c : later.m_changedLinks)
        changeLink(c.first, c.second);
    return true;
}

void TopologyDiff::redo(Topology *t) const {
    auto removedLinks = m_removedLinks;
    sortByIndex(&removedLinks, true);
    for (const auto &l : removedLinks)
        t->removeLink(l.second.id);
    auto removedNodes = m_removedNodes;
    sortByIndex(&removedNodes, true);
    for (const auto &n : removedNodes)
        t->removeNode(n.second.id);
    for (const auto &c : m_changedNodes)
        t->updateNode(c.second);
    auto addedNodes = m_addedNodes;
    sortByIndex(&addedNodes, false);
    for (const auto &n : addedNodes)
        t->insertNode(n.first, n.second);
    for (const auto &c : m_changedLinks)
        t->updateLink(c.second);
    auto addedLinks = m_addedLinks;
    sortByIndex(&addedLinks, false);
    for (const auto &l : addedLinks)
        t->insertLink(l.first, l.second);
    if (m_nameChanged)
        t->setName(m_nameAfter);
}

void TopologyDiff::undo(Topology *t) const {
    auto addedLinks = m_addedLinks;
    sortByIndex(&addedLinks, true);
    for (const auto &l : addedLinks)
        t->removeLink(l.second.id);
    auto addedNodes = m_addedNodes;
    sortByIndex(&addedNodes, true);
    for (const auto &n : addedNodes)
        t->removeNode(n.second.id);
    for (const auto &c : m_changedNodes)
        t->updateNode(c.first);
    auto removedNodes = m_removedNodes;
    sortByIndex(&removedNodes, false);
    for (const auto &n : removedNodes)
        t->insertNode(n.first, n.second);
    for (const auto &c : m_changedLinks)
        t->updateLink(c.first);
    auto removedLinks = m_removedLinks;
    sortByIndex(&removedLinks, false);
    for (const auto &l : removedLinks)
        t->insertLink(l.first, l.second);
    if (m_nameChanged)
        t->setName(m_nameBefore);
}

bool TopologyDiff::isEmpty() const {
    return m_addedNodes.isEmpty() && m_removedNodes.isEmpty() && m_changedNodes.isEmpty() &&
           m_addedLinks.isEmpty() && m_removedLinks.isEmpty() && m_changedLinks.isEmpty() &&
           !m_nameChanged;
}

} // namespace infrastage::gui
