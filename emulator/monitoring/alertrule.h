#pragma once

#include <QJsonObject>
#include <QString>

namespace infrastage::monitoring {

// What an alert rule watches. Each kind has one PromQL expression (exported to Prometheus) and
// one evaluation of the same meaning in the monitor role (RuleEvaluator).
enum class AlertKind {
    TargetDown,        // a scrape failed: the node is down, frozen or unreachable (`up == 0`)
    HighErrorRatio,    // 5xx responses above `threshold` (a ratio, 0.05 = 5 %) of all responses
    HighLatencyP95,    // the 95th percentile of request durations above `threshold` seconds
    ReplicationLag,    // a replica is more than `threshold` seconds behind its primary
    ReplicaIoStopped,  // a replica's IO thread is not running (not receiving the binlog)
    ReplicaSqlStopped, // a replica's SQL thread is not running (not applying it)
    SplitBrain,        // more than one database accepts writes
};

// One alert rule, as the monitor evaluates it and as `export` writes it for Prometheus.
struct AlertRule {
    AlertKind kind = AlertKind::TargetDown;
    QString name;         // the alert's name, e.g. "TargetDown"
    QString expr;         // PromQL, thresholds and window filled in
    qint64 forMs = 0;     // the condition must hold this long before the alert fires
    double threshold = 0; // in the expression's unit (ratio, seconds); unused by some kinds
    qint64 windowMs = 0;  // the range of rate() for ratios and quantiles
    QString severity;     // "critical" or "warning"
    QString summary;      // one line, with {{ $labels.instance }} where it applies

    QJsonObject toJson() const;
    // Reads and checks one rule of a monitor's configuration; false with the reason.
    static bool fromJson(const QJsonObject &o, AlertRule *rule, QString *error);
};

// "TargetDown" <-> AlertKind::TargetDown.
QString alertKindName(AlertKind kind);
bool alertKindFromName(const QString &name, AlertKind *kind);

} // namespace infrastage::monitoring
