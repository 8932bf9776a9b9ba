#pragma once

#include "model/topologydata.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace infrastage {

class AnalysisContext;

// How visitors from the internet reach the design: from each client node over its network
// links, through standalone firewalls (the only nodes that forward between network links), to
// the entry points. One definition for the analysis (the network part of the request path, so
// `spof.network-link`) and for the runtime (which entry points a cut link leaves unreachable).
// A design whose clients have no network links draws no such path: the internet reaches its
// entry points directly.
class InternetPaths final {
public:
    // One step of the breadth-first walk: `link`, crossed from `from` (a client or a
    // firewall) to `to` (null when that end does not exist). Each link is crossed once.
    struct Hop {
        const Link *link = nullptr;
        const Node *from = nullptr;
        const Node *to = nullptr;
    };

    explicit InternetPaths(const AnalysisContext &context);

    bool drawn() const { return !m_hops.isEmpty(); }
    const QList<Hop> &hops() const { return m_hops; }
    bool isEntry(const Node *node) const { return node && m_entries.contains(node->id); }

    // The network links on some way from a client to an entry point, in walk order: what a
    // `cut` of "the internet connection" can mean.
    QStringList links() const;
    // The entry points (ids) still reached when the links in `cut` carry nothing. Without
    // drawn links, every entry point.
    QSet<QString> reachableEntries(const QSet<QString> &cut = {}) const;

private:
    QList<Hop> m_hops;
    QSet<QString> m_entries;
};

} // namespace infrastage
