#include "alertrules.h"

#include "metricnames.h"
#include "model/node.h"

namespace infrastage::monitoring {

namespace {

QString number(double v) {
    return QString::number(v, 'g', 12);
}

} // namespace

QString AlertRules::duration(qint64 ms) {
    if (ms % 1000 == 0)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QStringLiteral("%1ms").arg(ms);
}

QList<AlertRule> AlertRules::forMonitor(const Node &m) {
    const qint64 scrape = qMax<qint64>(1, m.number(QStringLiteral("scrape_interval")));
    const qint64 forMs = qMax<qint64>(0, m.number(QStringLiteral("alert_for")));
    // rate() needs two samples in its range; four scrapes is Prometheus' usual advice.
    const qint64 window = 4 * scrape;
    const QString w = duration(window);
    const double ratio = double(m.number(QStringLiteral("error_ratio"))) / 100.0;
    const double p95 = double(m.number(QStringLiteral("latency_p95"))) / 1000.0;
    const double lag = double(m.number(QStringLiteral("lag_threshold"))) / 1000.0;
    const QString responses = QLatin1String(kHttpResponses);
    const QString buckets = QLatin1String(kHttpDurationBucket);
    QList<AlertRule> rules;
    auto add = [&](AlertKind kind, const QString &expr, double threshold, qint64 windowMs,
                   const char *severity, const char *summary) {
        AlertRule r;
        r.kind = kind;
        r.name = alertKindName(kind);
        r.expr = expr;
        r.forMs = forMs;
        r.threshold = threshold;
        r.windowMs = windowMs;
        r.severity = QLatin1String(severity);
        r.summary = QLatin1String(summary);
        rules.append(r);
    };
    add(AlertKind::TargetDown, QStringLiteral("up == 0"), 0, 0, "critical",
        "{{ $labels.instance }} ({{ $labels.job }}) does not answer its scrape");
    add(AlertKind::HighErrorRatio,
        // `node` is the emulator's target label (absent from a real Prometheus' targets).
        QStringLiteral("sum by (job, instance, node) (rate(%1{code=\"5xx\"}[%2])) / sum by "
                       "(job, instance, node) (rate(%1[%2])) > %3")
            .arg(responses, w, number(ratio)),
        ratio, window, "warning", "{{ $labels.instance }} answers too many requests with 5xx");
    add(AlertKind::HighLatencyP95,
        QStringLiteral(
            "histogram_quantile(0.95, sum by (job, instance, node, le) (rate(%1[%2]))) > %3")
            .arg(buckets, w, number(p95)),
        p95, window, "warning",
        "{{ $labels.instance }}: 95 % of requests take longer than the "
        "threshold");
    add(AlertKind::ReplicationLag,
        QStringLiteral("%1 > %2").arg(QLatin1String(kReplicaLagSeconds), number(lag)), lag, 0,
        "warning", "{{ $labels.instance }} is behind its primary");
    add(AlertKind::ReplicaIoStopped,
        QStringLiteral("%1 == 0").arg(QLatin1String(kReplicaIoRunning)), 0, 0, "critical",
        "{{ $labels.instance }} does not receive its primary's binary log");
    add(AlertKind::ReplicaSqlStopped,
        QStringLiteral("%1 == 0").arg(QLatin1String(kReplicaSqlRunning)), 0, 0, "critical",
        "{{ $labels.instance }} does not apply its primary's binary log");
    add(AlertKind::SplitBrain,
        QStringLiteral("count by (cluster) (%1 == 0) > 1").arg(QLatin1String(kDbReadOnly)), 0, 0,
        "critical",
        "more than one database of replication group {{ $labels.cluster }} accepts "
        "writes");
    return rules;
}

QString AlertRules::prometheusYaml(const QList<AlertRule> &rules, const QString &group) {
    auto quoted = [](QString s) {
        s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        s.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    };
    QString s = QStringLiteral("groups:\n  - name: %1\n    rules:\n").arg(quoted(group));
    for (const AlertRule &r : rules) {
        s += QStringLiteral("      - alert: %1\n        expr: %2\n        for: %3\n"
                            "        labels:\n          severity: %4\n"
                            "        annotations:\n          summary: %5\n")
                 .arg(r.name, quoted(r.expr), duration(r.forMs), r.severity, quoted(r.summary));
    }
    return s;
}

QJsonArray AlertRules::toJson(const QList<AlertRule> &rules) {
    QJsonArray a;
    for (const AlertRule &r : rules)
        a.append(r.toJson());
    return a;
}

bool AlertRules::fromJson(const QJsonArray &array, QList<AlertRule> *rules, QString *error) {
    QList<AlertRule> out;
    for (qsizetype i = 0; i < array.size(); ++i) {
        AlertRule r;
        if (!array.at(i).isObject()) {
            *error = QStringLiteral("rules[%1] is not an object").arg(i);
            return false;
        }
        if (!AlertRule::fromJson(array.at(i).toObject(), &r, error)) {
            *error = QStringLiteral("rules[%1]: %2").arg(i).arg(*error);
            return false;
        }
        out.append(r);
    }
    *rules = out;
    return true;
}

} // namespace infrastage::monitoring
