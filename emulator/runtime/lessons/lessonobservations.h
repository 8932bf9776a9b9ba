#pragma once

#include "runtimeevent.h"

#include <QHash>
#include <QString>

namespace infrastage::runtime {

// What a lesson's expectations read from the event stream of its run: the last health-check
// transition of each backend (lb.health), how far each replica fell behind
// (replication.lag), the VRRP state of each load balancer of a pair (vrrp.*).
class LessonObservations final {
public:
    struct Health {
        QString state; // "UP" or "DOWN"
        QString check; // the check that decided it
        qint64 t = 0;  // event time (CLOCK_MONOTONIC ns)
    };
    struct Lag {
        qint64 maxBehindTxns = 0; // the most transactions it was behind
        qint64 maxBehindMs = 0;   // the longest it was behind
    };

    struct Vrrp {
        QString state;         // "MASTER" or "BACKUP" (vrrp.state's "to")
        QString reason;        // why it changed
        qint64 t = 0;          // event time of the change
        bool holdsVip = false; // bound to the VIP (vrrp.vip_acquired, not yet released)
    };

    void add(const RuntimeEvent &event);
    // The backend named `server` ("server-1" matches "server-1-web"); null when none seen.
    const Health *health(const QString &server) const;
    const Lag *lag(const QString &node) const;
    const Vrrp *vrrp(const QString &node) const;

private:
    QHash<QString, Health> m_health; // backend id -> last transition
    QHash<QString, Lag> m_lag;       // replica node -> worst lag
    QHash<QString, Vrrp> m_vrrp;     // load balancer -> its VRRP state
};

} // namespace infrastage::runtime
