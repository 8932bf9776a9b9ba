#include "internetlinks.h"

#include "analysis/analysiscontext.h"
#include "analysis/internetpaths.h"

namespace infrastage::runtime {

const Link *InternetLinks::find(const TopologyData &topology, const QString &node,
                                const QString &peer) {
    const AnalysisContext context(topology);
    for (const QString &id : InternetPaths(context).links()) {
        const Link *l = topology.link(id);
        if (peer.isEmpty()
                ? l->id == node
                : (l->from == node && l->to == peer) || (l->from == peer && l->to == node))
            return l;
    }
    return nullptr;
}

QList<InternetLinks::Change> InternetLinks::set(const TopologyData &topology, const QString &linkId,
                                                bool cut) {
    if (cut)
        m_cut.insert(linkId);
    else
        m_cut.remove(linkId);
    const AnalysisContext context(topology);
    const InternetPaths paths(context);
    // Only entry points the drawn links reach at all can lose the internet by a cut.
    const QSet<QString> all = paths.reachableEntries();
    const QSet<QString> now = paths.reachableEntries(m_cut);
    QStringList entries = all.values();
    entries.sort();
    QList<Change> changes;
    for (const QString &entry : std::as_const(entries)) {
        const bool lost = !now.contains(entry);
        if (lost == m_unreachable.contains(entry))
            continue;
        if (lost)
            m_unreachable.insert(entry);
        else
            m_unreachable.remove(entry);
        changes.append({entry, !lost});
    }
    return changes;
}

void InternetLinks::clear() {
    m_cut.clear();
    m_unreachable.clear();
}

} // namespace infrastage::runtime
