#include "internetpaths.h"

#include "analysiscontext.h"

namespace infrastage {

InternetPaths::InternetPaths(const AnalysisContext &context) {
    const TopologyData &t = context.topology();
    for (const Node *e : context.entryPoints())
        m_entries.insert(e->id);
    QSet<QString> seen;
    QList<const Node *> frontier; // clients, then the firewalls reached
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Client)
            frontier.append(&n);
    }
    for (qsizetype i = 0; i < frontier.size(); ++i) {
        const Node *from = frontier.at(i);
        QList<const Link *> around = t.linksFrom(from->id);
        around += t.linksTo(from->id);
        for (const Link *l : std::as_const(around)) {
            if (l->kind != LinkKind::Network || seen.contains(l->id))
                continue;
            seen.insert(l->id);
            const Node *to = t.node(l->from == from->id ? l->to : l->from);
            m_hops.append({l, from, to});
            if (to && to->kind == NodeKind::Firewall && !isEntry(to) && !frontier.contains(to))
                frontier.append(to);
        }
    }
}

QStringList InternetPaths::links() const {
    // A hop leads somewhere when it ends at an entry point, or at a firewall a leading hop
    // leaves from; repeated until nothing changes (designs are small).
    QSet<const Link *> leading;
    for (bool changed = true; changed;) {
        changed = false;
        for (const Hop &h : m_hops) {
            if (leading.contains(h.link) || !h.to)
                continue;
            bool leads = isEntry(h.to);
            for (const Hop &next : m_hops)
                leads = leads || (next.from == h.to && leading.contains(next.link));
            if (leads) {
                leading.insert(h.link);
                changed = true;
            }
        }
    }
    QStringList out;
    for (const Hop &h : m_hops) {
        if (leading.contains(h.link))
            out.append(h.link->id);
    }
    return out;
}

QSet<QString> InternetPaths::reachableEntries(const QSet<QString> &cut) const {
    if (!drawn())
        return m_entries;
    QSet<const Node *> reached; // clients and firewalls the internet still gets to
    QSet<QString> entries;
    for (const Hop &h : m_hops) {
        if (h.from->kind == NodeKind::Client)
            reached.insert(h.from);
    }
    // Hops are in walk order but a firewall can be reached again later by another way.
    for (bool changed = true; changed;) {
        changed = false;
        for (const Hop &h : m_hops) {
            if (!h.to || cut.contains(h.link->id) || !reached.contains(h.from))
                continue;
            if (isEntry(h.to))
                entries.insert(h.to->id);
            else if (h.to->kind == NodeKind::Firewall && !reached.contains(h.to)) {
                reached.insert(h.to);
                changed = true;
            }
        }
    }
    return entries;
}

} // namespace infrastage
