#pragma once

#include "monitoring/activealert.h"
#include "scrapetargetstate.h"

#include <QByteArray>

namespace infrastage::roles::monitor {

// What the monitor serves: a status page, Prometheus-style API answers and its own metrics.
// `nowMs` is the monitor's monotonic clock, turned into wall-clock times for the API.
class MonitorPages final {
public:
    static QByteArray html(const QString &node, int intervalMs,
                           const QList<ScrapeTargetState> &targets,
                           const QList<monitoring::ActiveAlert> &alerts,
                           const QList<monitoring::AlertRule> &rules, qint64 nowMs);
    // {"status":"success","data":{"alerts":[{labels, annotations, state, activeAt, value}]}}
    static QByteArray alertsJson(const QList<monitoring::ActiveAlert> &alerts, qint64 nowMs);
    // {"status":"success","data":{"activeTargets":[{labels, scrapeUrl, health, lastError,
    // lastScrape, lastScrapeDuration}]}}
    static QByteArray targetsJson(const QList<ScrapeTargetState> &targets, qint64 nowMs);
    static QByteArray rulesJson(const QList<monitoring::AlertRule> &rules);
    static QByteArray metrics(const QList<ScrapeTargetState> &targets,
                              const QList<monitoring::ActiveAlert> &alerts, quint64 scrapes,
                              quint64 failed);
};

} // namespace infrastage::roles::monitor
