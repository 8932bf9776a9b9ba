#include "dominators.h"

#include <QSet>

namespace infrastage {

Dominators::Dominators(int vertexCount)
    : m_succ(vertexCount) {}

int Dominators::addVertex() {
    m_succ.append(QList<int>());
    return int(m_succ.size()) - 1;
}

void Dominators::addEdge(int from, int to) {
    m_succ[from].append(to);
}

void Dominators::compute(int source) {
    const int n = vertexCount();
    m_order.fill(-1, n);
    m_idom.fill(-1, n);
    // Iterative DFS for a postorder.
    QList<int> postorder;
    postorder.reserve(n);
    QList<std::pair<int, int>> stack; // vertex, next successor index
    QList<bool> visited(n, false);
    stack.append({source, 0});
    visited[source] = true;
    while (!stack.isEmpty()) {
        auto &[v, i] = stack.last();
        if (i < m_succ.at(v).size()) {
            const int w = m_succ.at(v).at(i++);
            if (!visited.at(w)) {
                visited[w] = true;
                stack.append({w, 0});
            }
        } else {
            m_order[v] = int(postorder.size());
            postorder.append(v);
            stack.removeLast();
        }
    }
    QList<QList<int>> preds(n);
    for (int v = 0; v < n; ++v) {
        if (m_order.at(v) < 0)
            continue;
        for (int w : m_succ.at(v))
            preds[w].append(v);
    }
    auto intersect = [this](int a, int b) {
        while (a != b) {
            while (m_order.at(a) < m_order.at(b))
                a = m_idom.at(a);
            while (m_order.at(b) < m_order.at(a))
                b = m_idom.at(b);
        }
        return a;
    };
    m_idom[source] = source;
    bool changed = true;
    while (changed) {
        changed = false;
        for (int k = int(postorder.size()) - 1; k >= 0; --k) {
            const int v = postorder.at(k);
            if (v == source)
                continue;
            int candidate = -1;
            for (int p : preds.at(v)) {
                if (m_idom.at(p) < 0)
                    continue;
                candidate = candidate < 0 ? p : intersect(p, candidate);
            }
            if (candidate >= 0 && m_idom.at(v) != candidate) {
                m_idom[v] = candidate;
                changed = true;
            }
        }
    }
}

QList<int> Dominators::dominatorsOf(int v) const {
    QList<int> out;
    if (m_idom.at(v) < 0)
        return out;
    for (int d = m_idom.at(v); m_idom.at(d) != d; d = m_idom.at(d))
        out.append(d);
    return out;
}

QList<bool> Dominators::onSomePath(int source, int v) const {
    QList<int> parent(vertexCount(), -1);
    QList<int> queue{source};
    parent[source] = source;
    for (int i = 0; i < queue.size() && parent.at(v) < 0; ++i) {
        for (int w : m_succ.at(queue.at(i))) {
            if (parent.at(w) < 0) {
                parent[w] = queue.at(i);
                queue.append(w);
            }
        }
    }
    QList<bool> on(vertexCount(), false);
    if (parent.at(v) < 0)
        return on;
    for (int x = v; x != source; x = parent.at(x))
        on[x] = true;
    on[source] = true;
    return on;
}

bool Dominators::reachableAvoiding(int source, int v, const QList<int> &removed) const {
    QList<bool> blocked(vertexCount(), false);
    for (int r : removed)
        blocked[r] = true;
    if (blocked.at(source))
        return false;
    QList<int> stack{source};
    QList<bool> seen(vertexCount(), false);
    seen[source] = true;
    while (!stack.isEmpty()) {
        const int u = stack.takeLast();
        if (u == v)
            return true;
        for (int w : m_succ.at(u)) {
            if (!seen.at(w) && !blocked.at(w)) {
                seen[w] = true;
                stack.append(w);
            }
        }
    }
    return false;
}

} // namespace infrastage
