#pragma once

#include "httprole.h"
#include "monitoring/ruleevaluator.h"
#include "scrapetargetstate.h"

#include <QTimer>

namespace infrastage::roles::monitor {

// The monitoring node's process (Prometheus in the design): every `scrape_interval_ms` it
// scrapes each target's /metrics over HTTP from its own address, evaluates the alert rules it
// was configured with (the ones `export` writes to alerts.yml: monitoring/alertrules.cpp) and
// reports `monitor.alert` (firing, resolved) and `monitor.target` (up, down) events. It serves
// a status page (/), the alerts and targets as Prometheus' API does (/api/v1/alerts,
// /api/v1/targets) and its own /metrics.
class MonitorRole final : public HttpRole {
    Q_OBJECT

public:
    MonitorRole();
    bool start(const QJsonObject &config, QString *error) override;

private:
    void scrapeRound();
    void scrape(int index, qint64 roundMs);
    void scraped(int index, qint64 roundMs, qint64 startedNs, http::UpstreamResult &&result);
    void evaluate(qint64 roundMs);
    void handle(const http::ServerRequest &request, const http::Responder &responder);

    QList<ScrapeTargetState> m_targets;
    monitoring::RuleEvaluator m_evaluator{QList<monitoring::AlertRule>()};
    QTimer m_timer;
    int m_intervalMs = 1000;
    qint64 m_startMs = 0; // the first round; later ones are stamped on its grid
    http::UpstreamPool::Timeouts m_timeouts;
    int m_pending = 0; // scrapes of the current round not answered yet
    quint64 m_rounds = 0;
    quint64 m_scrapes = 0;
    quint64 m_failedScrapes = 0;
};

} // namespace infrastage::roles::monitor
