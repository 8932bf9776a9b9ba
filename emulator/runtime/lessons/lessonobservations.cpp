#include "lessonobservations.h"

#include "eventdetails.h"
#include "events/eventkind.h"

#include <QJsonDocument>

#include <algorithm>

namespace infrastage::runtime {

namespace {

// "server-1" names "server-1" and its parts ("server-1-web"), not "server-10".
bool names(const QString &name, const QString &id) {
    return id == name || id.startsWith(name + QLatin1Char('-'));
}

} // namespace

void LessonObservations::add(const RuntimeEvent &e) {
    if (e.kind == EventKind::LbHealth) {
        const QJsonObject d = detailsOf(e);
        m_health.insert(d.value(QLatin1String("server")).toString(),
                        {d.value(QLatin1String("to")).toString(),
                         d.value(QLatin1String("check")).toString(), e.t});
    } else if (e.kind == EventKind::VrrpState) {
        const QJsonObject d = detailsOf(e);
        Vrrp &v = m_vrrp[e.node];
        v.state = d.value(QLatin1String("to")).toString();
        v.reason = d.value(QLatin1String("reason")).toString();
        v.t = e.t;
    } else if (e.kind == EventKind::VrrpVipAcquired || e.kind == EventKind::VrrpVipReleased) {
        m_vrrp[e.node].holdsVip = e.kind == EventKind::VrrpVipAcquired;
    } else if (e.kind == EventKind::RuntimeExited) {
        m_vrrp.remove(e.node); // a process that ended holds no VRRP state, nor the VIP
    } else if (e.kind == EventKind::ReplicationLag) {
        const QJsonObject d = detailsOf(e);
        Lag &lag = m_lag[e.node];
        lag.maxBehindTxns =
            std::max(lag.maxBehindTxns, d.value(QLatin1String("behind_txns")).toInteger());
        lag.maxBehindMs =
            std::max(lag.maxBehindMs, d.value(QLatin1String("behind_ms")).toInteger());
    }
}

const LessonObservations::Health *LessonObservations::health(const QString &server) const {
    for (auto it = m_health.cbegin(); it != m_health.cend(); ++it) {
        if (names(server, it.key()))
            return &it.value();
    }
    return nullptr;
}

const LessonObservations::Vrrp *LessonObservations::vrrp(const QString &node) const {
    const auto it = m_vrrp.constFind(node);
    return it == m_vrrp.cend() || it->state.isEmpty() ? nullptr : &it.value();
}

const LessonObservations::Lag *LessonObservations::lag(const QString &node) const {
    for (auto it = m_lag.cbegin(); it != m_lag.cend(); ++it) {
        if (names(node, it.key()))
            return &it.value();
    }
    return nullptr;
}

} // namespace infrastage::runtime
