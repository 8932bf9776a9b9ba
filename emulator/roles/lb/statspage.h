#pragma once

#include "backendserver.h"
#include "httpserver.h"
#include "lbcounters.h"

namespace infrastage::roles::lb {

// The stats listener's pages: "/" and "/stats" (HTML, like HAProxy's stats page), "/metrics"
// (Prometheus text format) and "/stats.json".
class StatsPage final {
public:
    StatsPage(const QList<BackendServer> *servers, const LbCounters *counters, QString nodeId,
              QString algorithm);
    http::HttpResponse respond(const http::HttpRequest &request, int clientConnections) const;

private:
    QByteArray html() const;
    QByteArray metrics(int clientConnections) const;
    QByteArray json() const;

    const QList<BackendServer> *m_servers;
    const LbCounters *m_counters;
    QString m_node;
    QString m_algorithm;
};

} // namespace infrastage::roles::lb
