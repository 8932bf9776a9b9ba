#include "firewallmatcher.h"

#include "eventdetails.h"
#include "events/eventkind.h"

namespace infrastage::runtime {

bool FirewallMatcher::isDecision(const QString &kind) {
    return kind == EventKind::FirewallAccept || kind == EventKind::FirewallDrop ||
           kind == EventKind::FirewallReject;
}

void FirewallMatcher::remember(const RuntimeEvent &decision) {
    if (m_decisions.size() >= kKept)
        m_decisions.removeFirst();
    m_decisions.append(decision);
    parseDetails(&m_decisions.last()); // (a decision is untraced: parsed already, as a rule)
}

QList<RuntimeEvent> FirewallMatcher::claim(const RuntimeEvent &e) {
    if (e.kind == EventKind::WebForward)
        m_lastApplication = e.details.value(QLatin1String("upstream")).toString();
    const QString client = e.details.value(QLatin1String("client")).toString();
    const bool query = e.kind == EventKind::DbQuery;
    const QString appHost = m_hostOf.value(m_lastApplication);
    QList<RuntimeEvent> mine;
    for (qsizetype i = 0; i < m_decisions.size();) {
        const RuntimeEvent &d = m_decisions.at(i);
        const bool sameConnection =
            !client.isEmpty() && d.details.value(QLatin1String("client")).toString() == client;
        const bool fromItsApplication =
            query && !appHost.isEmpty() &&
            d.details.value(QLatin1String("source")).toString() == appHost;
        if (d.node == e.node && d.t <= e.t && (sameConnection || fromItsApplication)) {
            RuntimeEvent claimed = d;
            claimed.trace = e.trace;
            mine.append(claimed);
            m_decisions.removeAt(i);
        } else {
            ++i;
        }
    }
    return mine;
}

QList<RuntimeEvent> FirewallMatcher::claimRefusals(const QString &node, qint64 sinceNs,
                                                   const QString &trace) {
    QList<RuntimeEvent> mine;
    for (qsizetype i = 0; i < m_decisions.size();) {
        const RuntimeEvent &d = m_decisions.at(i);
        if (d.node == node && d.t >= sinceNs && d.kind != EventKind::FirewallAccept &&
            d.details.value(QLatin1String("source")).toString() == QLatin1String("internet")) {
            RuntimeEvent claimed = d;
            claimed.trace = trace;
            mine.append(claimed);
            m_decisions.removeAt(i);
        } else {
            ++i;
        }
    }
    return mine;
}

} // namespace infrastage::runtime
