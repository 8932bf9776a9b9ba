#pragma once

#include <QMap>

namespace infrastage::roles::lb {

// Frontend-wide counters for the stats page and /metrics.
struct LbCounters {
    qint64 requests = 0;
    qint64 retries = 0;
    qint64 redispatches = 0;
    qint64 queued = 0;        // requests that waited in a queue (server's or backend's)
    qint64 queueTimeouts = 0; // of which left with 503 after "timeout queue"
    int backendQueue = 0;     // requests waiting in the backend's queue now
    QMap<int, qint64> errors; // lb-generated responses by status (502, 503, 504, 301, ...)
};

} // namespace infrastage::roles::lb
