#pragma once

#include "model/topologydata.h"

#include <QList>
#include <QSet>
#include <QString>

namespace infrastage::runtime {

// The network links between the internet and a running design's entry points (the links of
// analysis/internetpaths.h) and which of them are cut. Visitors come from outside the design
// (the CLI's clients, curl, a browser) to one address per entry point; what a link decides is
// whether that entry point is reachable from the internet at all. An entry point that every
// way in was cut from refuses connections from outside the design (not from the design's own
// nodes); while one way remains, traffic goes on, as over a second ISP once routing moved to
// it (at once here; BGP takes seconds to minutes).
class InternetLinks final {
public:
    // A change of one entry point: reachable from the internet again, or not any more.
    struct Change {
        QString entry;
        bool reachable = true;
    };

    // The internet link that `node` names (a link id, when `peer` is empty) or that joins
    // `node` and `peer`; null if there is none (then a cut is one between two processes).
    static const Link *find(const TopologyData &topology, const QString &node, const QString &peer);

    // Cuts or heals `linkId` in `topology`; the entry points whose reachability changed.
    QList<Change> set(const TopologyData &topology, const QString &linkId, bool cut);
    bool unreachable(const QString &entry) const { return m_unreachable.contains(entry); }
    bool isCut(const QString &linkId) const { return m_cut.contains(linkId); }
    void clear();

private:
    QSet<QString> m_cut;
    QSet<QString> m_unreachable;
};

} // namespace infrastage::runtime
