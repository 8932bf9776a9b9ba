#pragma once

#include "monitoring/ruleevaluator.h"

#include <QHostAddress>

namespace infrastage::roles::monitor {

// Where a target stands after its scrapes (Prometheus' target health).
enum class TargetHealth {
    Unknown, // not scraped yet
    Up,      // the last scrape answered with valid metrics
    Down,    // it failed: refused, timed out, bad answer
};

// One scrape target of the monitor and what its last scrape gave.
struct ScrapeTargetState {
    monitoring::ScrapeTarget target; // job, instance, node
    QHostAddress address;
    quint16 port = 0;
    QByteArray path = "/metrics";
    TargetHealth health = TargetHealth::Unknown;
    QString lastError;
    qint64 lastScrapeMs = 0; // monitor's monotonic clock
    qint64 lastDurationUs = 0;
    int samples = 0;
};

const char *targetHealthName(TargetHealth h); // "unknown", "up", "down"

} // namespace infrastage::roles::monitor
