#pragma once

#include "alertrule.h"

#include <QJsonArray>
#include <QList>

namespace infrastage {
struct Node;
}

namespace infrastage::monitoring {

// The one source of the alert rules: the monitor role evaluates exactly the rules `export`
// writes to alerts.yml for Prometheus (both read forMonitor()). Thresholds and `for:` come from
// the monitoring node's properties (scrape_interval, alert_for, error_ratio, latency_p95,
// lag_threshold), already range-checked by the model's validator.
class AlertRules final {
public:
    static QList<AlertRule> forMonitor(const Node &monitoring);

    // The rule file Prometheus loads (`rule_files:`), checked by `promtool check rules`.
    static QString prometheusYaml(const QList<AlertRule> &rules, const QString &group);

    static QJsonArray toJson(const QList<AlertRule> &rules);
    // Reads a monitor's configured rules; false with the first problem (a bad threshold, ...).
    static bool fromJson(const QJsonArray &array, QList<AlertRule> *rules, QString *error);

    // A Prometheus duration: 2000 -> "2s", 1500 -> "1500ms", 0 -> "0s".
    static QString duration(qint64 ms);
};

} // namespace infrastage::monitoring
