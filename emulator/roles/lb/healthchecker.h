#pragma once

#include "backendserver.h"
#include "serverprobe.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace infrastage::http {
class PeerFilter;
}

namespace infrastage::roles::lb {

// Active health checks with HAProxy's inter/fall/rise: every `inter` ms each server is probed;
// the health counter runs 0..rise+fall-1 and the server is UP while it is >= rise. Servers
// start UP at health == rise, so a server that is down at start is marked DOWN by its first
// check, and a healthy one needs `fall` failures in a row.
class HealthChecker final : public QObject {
    Q_OBJECT

public:
    HealthChecker(QList<BackendServer> *servers, const LbConfig &config,
                  const http::PeerFilter *filter, const QHostAddress &source, QObject *parent);
    void start();

signals:
    void transition(int index, bool up, const ServerProbe::Result &result);
    void checked(int index, const ServerProbe::Result &result);

private:
    void runCheck(int index);
    void onResult(int index, const ServerProbe::Result &r);

    QList<BackendServer> *m_servers;
    const LbConfig &m_config;
    const http::PeerFilter *m_filter;
    QList<ServerProbe *> m_probes;
    QList<QTimer *> m_timers;
};

} // namespace infrastage::roles::lb
