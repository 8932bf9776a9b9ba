#pragma once

#include <QList>

#include <utility>
#include <vector>

namespace infrastage {

// A directed graph over vertices 0..n-1 and its dominator tree from a source vertex
// (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder: near-linear on the
// mostly acyclic graphs of request paths).
class Dominators final {
public:
    explicit Dominators(int vertexCount);

    int addVertex();
    void addEdge(int from, int to);
    int vertexCount() const { return m_vertexCount; }

    // Computes the tree. Vertices not reachable from `source` get no dominator. The graph is
    // complete by then: the queries below see the edges added before this call.
    void compute(int source);

    bool reachable(int v) const { return m_idom[v] >= 0; }
    // Every vertex that lies on all paths from the source to `v`, `v` and the source excluded.
    QList<int> dominatorsOf(int v) const;
    // One path from `source` to `v` (empty if there is none), as a set of vertices.
    QList<bool> onSomePath(int source, int v) const;
    // Whether `v` is reachable from the source once the vertices in `removed` are gone.
    bool reachableAvoiding(int source, int v, const QList<int> &removed) const;

private:
    // Adjacency in compressed form: the neighbours of v are to[first[v]] up to to[first[v + 1]],
    // in the order their edges were added. One array for the whole graph instead of one per
    // vertex saves tens of thousands of allocations per analysis; plain std::vector because
    // these loops run over every vertex and edge of both path graphs.
    struct Adjacency {
        std::vector<int> first; // vertexCount + 1 offsets into `to`
        std::vector<int> to;
    };
    static Adjacency arrange(int vertexCount, const std::vector<std::pair<int, int>> &edges);

    int m_vertexCount = 0;
    std::vector<std::pair<int, int>> m_edges; // (from, to), as added
    Adjacency m_succ;                         // built by compute()
    std::vector<int> m_idom;
    std::vector<int> m_order; // postorder number of each vertex, -1 if unreachable
};

} // namespace infrastage
