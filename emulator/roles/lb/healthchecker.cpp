#include "healthchecker.h"

#include "monotonic.h"
#include "peerfilter.h"

#include <algorithm>

namespace infrastage::roles::lb {

HealthChecker::HealthChecker(QList<BackendServer> *servers, const LbConfig &config,
                             const http::PeerFilter *filter, const QHostAddress &source,
                             QObject *parent)
    : QObject(parent)
    , m_servers(servers)
    , m_config(config)
    , m_filter(filter) {
    for (int i = 0; i < servers->size(); ++i) {
        BackendServer &s = (*servers)[i];
        s.up = true;
        s.health = config.rise;
        m_probes.append(new ServerProbe(s.config.address, s.config.port, source, this));
        auto *t = new QTimer(this);
        t->setSingleShot(true);
        connect(t, &QTimer::timeout, this, [this, i] { runCheck(i); });
        m_timers.append(t);
    }
}

void HealthChecker::start() {
    // Spread the first checks over the first interval (HAProxy spreads them too), the first one
    // soon, so a server that is down at start is found quickly.
    const int n = int(m_timers.size());
    for (int i = 0; i < n; ++i)
        m_timers.at(i)->start(std::min(m_config.inter, 50) + m_config.inter * i / (2 * n));
}

void HealthChecker::runCheck(int index) {
    const BackendServer &s = m_servers->at(index);
    // A check on a lossy link is lost as a request would be: it fails as a cut one does.
    const bool cut =
        m_filter && (m_filter->isCut(s.config.address) || m_filter->drops(s.config.address));
    const QByteArray path =
        m_config.mode == QLatin1String("tcp") ? QByteArray() : m_config.checkPath;
    m_probes.at(index)->run(path, std::min(m_config.connectMs, m_config.inter), m_config.inter, cut,
                            [this, index](const ServerProbe::Result &r) { onResult(index, r); });
}

void HealthChecker::onResult(int index, const ServerProbe::Result &r) {
    BackendServer &s = (*m_servers)[index];
    s.lastCheck = r.check;
    const int max = m_config.rise + m_config.fall - 1;
    const bool wasUp = s.up;
    if (r.ok) {
        if (s.health < max) {
            ++s.health;
            if (s.health >= m_config.rise) {
                s.up = true;
                s.health = max; // fully healthy once UP, as HAProxy
            }
        }
    } else {
        ++s.checkFailures;
        if (s.health > m_config.rise) {
            --s.health; // still UP
        } else {
            s.health = 0;
            s.up = false;
        }
    }
    emit checked(index, r);
    if (s.up != wasUp) {
        ++s.transitions;
        s.lastChangeMs = http::coarseMs();
        emit transition(index, s.up, r);
    }
    m_timers.at(index)->start(m_config.inter);
}

} // namespace infrastage::roles::lb
