#pragma once

#include "metricsample.h"

#include <QByteArray>

namespace infrastage::monitoring {

// The Prometheus text exposition format (0.0.4): parsing what a scrape returned, and writing
// one sample line. Comments (# HELP, # TYPE) are skipped; timestamps are ignored.
class Exposition final {
public:
    // False (with the line number and what is wrong) on the first malformed line.
    static bool parse(const QByteArray &text, MetricSamples *samples, QString *error);

    // `name{k="v",...} value\n`, label values escaped as the format says.
    static QByteArray line(const char *name, const QList<QPair<QByteArray, QByteArray>> &labels,
                           double value);
    static QByteArray number(double value); // +Inf, -Inf, NaN, or the shortest exact text
};

} // namespace infrastage::monitoring
