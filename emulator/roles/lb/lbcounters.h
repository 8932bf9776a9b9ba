#pragma once

#include <QMap>

namespace infrastage::roles::lb {

// Frontend-wide counters for the stats page and /metrics.
struct LbCounters {
    qint64 requests = 0;
    qint64 retries = 0;
    qint64 redispatches = 0;
    QMap<int, qint64> errors; // lb-generated responses by status (502, 503, 504, 301, ...)
};

} // namespace infrastage::roles::lb
