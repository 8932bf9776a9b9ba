#pragma once

#include <QList>
#include <QMap>
#include <QString>

namespace infrastage::monitoring {

// One sample of the Prometheus text format: `name{label="value",...} value`.
struct MetricSample {
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

using MetricSamples = QList<MetricSample>;

} // namespace infrastage::monitoring
