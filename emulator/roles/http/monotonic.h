#pragma once

#include <QtGlobal>

#include <ctime>

namespace infrastage::http {

// CLOCK_MONOTONIC in ns: the clock events are stamped with, comparable across processes.
inline qint64 monotonicNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// A cheap coarse (few ms) monotonic clock in ms for timeouts.
inline qint64 coarseMs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

} // namespace infrastage::http
