#include "dominators.h"

namespace infrastage {

Dominators::Dominators(int vertexCount)
    : m_vertexCount(vertexCount) {}

int Dominators::addVertex() {
    return m_vertexCount++;
}

void Dominators::addEdge(int from, int to) {
    m_edges.emplace_back(from, to);
}

// A counting sort by source vertex, stable, so each vertex keeps its edges' order.
Dominators::Adjacency Dominators::arrange(int vertexCount,
                                          const std::vector<std::pair<int, int>> &edges) {
    Adjacency a;
    a.first.assign(vertexCount + 1, 0);
    for (const auto &[from, to] : edges)
        ++a.first[from + 1];
    for (int v = 0; v < vertexCount; ++v)
        a.first[v + 1] += a.first[v];
    a.to.resize(edges.size());
    std::vector<int> next(a.first.cbegin(), a.first.cend() - 1);
    for (const auto &[from, to] : edges)
        a.to[next[from]++] = to;
    return a;
}

void Dominators::compute(int source) {
    const int n = vertexCount();
    m_succ = arrange(n, m_edges);
    m_order.assign(n, -1);
    m_idom.assign(n, -1);
    // Iterative DFS for a postorder.
    std::vector<int> postorder;
    postorder.reserve(n);
    std::vector<std::pair<int, int>> stack; // vertex, position of its next successor
    std::vector<bool> visited(n, false);
    stack.emplace_back(source, m_succ.first[source]);
    visited[source] = true;
    while (!stack.empty()) {
        auto &[v, i] = stack.back();
        if (i < m_succ.first[v + 1]) {
            const int w = m_succ.to[i++];
            if (!visited[w]) {
                visited[w] = true;
                stack.emplace_back(w, m_succ.first[w]);
            }
        } else {
            m_order[v] = int(postorder.size());
            postorder.push_back(v);
            stack.pop_back();
        }
    }
    // Predecessors among the reachable vertices, in the same compressed form.
    std::vector<std::pair<int, int>> reversed;
    reversed.reserve(m_succ.to.size());
    for (int v = 0; v < n; ++v) {
        if (m_order[v] < 0)
            continue;
        for (int k = m_succ.first[v]; k < m_succ.first[v + 1]; ++k)
            reversed.emplace_back(m_succ.to[k], v);
    }
    const Adjacency preds = arrange(n, reversed);
    auto intersect = [this](int a, int b) {
        while (a != b) {
            while (m_order[a] < m_order[b])
                a = m_idom[a];
            while (m_order[b] < m_order[a])
                b = m_idom[b];
        }
        return a;
    };
    m_idom[source] = source;
    bool changed = true;
    while (changed) {
        changed = false;
        for (int k = int(postorder.size()) - 1; k >= 0; --k) {
            const int v = postorder[k];
            if (v == source)
                continue;
            int candidate = -1;
            for (int j = preds.first[v]; j < preds.first[v + 1]; ++j) {
                const int p = preds.to[j];
                if (m_idom[p] < 0)
                    continue;
                candidate = candidate < 0 ? p : intersect(p, candidate);
            }
            if (candidate >= 0 && m_idom[v] != candidate) {
                m_idom[v] = candidate;
                changed = true;
            }
        }
    }
}

QList<int> Dominators::dominatorsOf(int v) const {
    QList<int> out;
    if (m_idom[v] < 0)
        return out;
    for (int d = m_idom[v]; m_idom[d] != d; d = m_idom[d])
        out.append(d);
    return out;
}

QList<bool> Dominators::onSomePath(int source, int v) const {
    std::vector<int> parent(vertexCount(), -1);
    std::vector<int> queue{source};
    parent[source] = source;
    for (size_t i = 0; i < queue.size() && parent[v] < 0; ++i) {
        const int u = queue[i];
        for (int k = m_succ.first[u]; k < m_succ.first[u + 1]; ++k) {
            const int w = m_succ.to[k];
            if (parent[w] < 0) {
                parent[w] = u;
                queue.push_back(w);
            }
        }
    }
    QList<bool> on(vertexCount(), false);
    if (parent[v] < 0)
        return on;
    for (int x = v; x != source; x = parent[x])
        on[x] = true;
    on[source] = true;
    return on;
}

bool Dominators::reachableAvoiding(int source, int v, const QList<int> &removed) const {
    std::vector<bool> blocked(vertexCount(), false);
    for (int r : removed)
        blocked[r] = true;
    if (blocked[source])
        return false;
    std::vector<int> stack{source};
    std::vector<bool> seen(vertexCount(), false);
    seen[source] = true;
    while (!stack.empty()) {
        const int u = stack.back();
        stack.pop_back();
        if (u == v)
            return true;
        for (int k = m_succ.first[u]; k < m_succ.first[u + 1]; ++k) {
            const int w = m_succ.to[k];
            if (!seen[w] && !blocked[w]) {
                seen[w] = true;
                stack.push_back(w);
            }
        }
    }
    return false;
}

} // namespace infrastage
