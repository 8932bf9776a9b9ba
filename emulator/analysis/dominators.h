#pragma once

#include <QList>

namespace infrastage {

// A directed graph over vertices 0..n-1 and its dominator tree from a source vertex
// (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder: near-linear on the
// mostly acyclic graphs of request paths).
class Dominators final {
public:
    explicit Dominators(int vertexCount);

    int addVertex();
    void addEdge(int from, int to);
    int vertexCount() const { return int(m_succ.size()); }

    // Computes the tree. Vertices not reachable from `source` get no dominator.
    void compute(int source);

    bool reachable(int v) const { return m_idom.at(v) >= 0; }
    // Every vertex that lies on all paths from the source to `v`, `v` and the source excluded.
    QList<int> dominatorsOf(int v) const;
    // One path from `source` to `v` (empty if there is none), as a set of vertices.
    QList<bool> onSomePath(int source, int v) const;
    // Whether `v` is reachable from the source once the vertices in `removed` are gone.
    bool reachableAvoiding(int source, int v, const QList<int> &removed) const;

private:
    QList<QList<int>> m_succ;
    QList<int> m_idom;
    QList<int> m_order; // postorder number of each vertex, -1 if unreachable
};

} // namespace infrastage
