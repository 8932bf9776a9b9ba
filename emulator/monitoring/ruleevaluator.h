#pragma once

#include "activealert.h"
#include "metricsample.h"

#include <QHash>
#include <QList>

#include <deque>
#include <functional>

namespace infrastage::monitoring {

// A scrape target: one node's /metrics.
struct ScrapeTarget {
    QString job;      // "web", "app", "mysqld", "haproxy", "node"
    QString instance; // "127.168.1.10:8080"
    QString node;     // the design node, "server-1-web"
    QString cluster;  // databases: their replication group (replicationCluster); else empty
};

// Evaluates alert rules over the scrapes of every target, as Prometheus does with the
// expressions of the same rules (AlertRules): `up == 0`, counters' increase over the rule's
// window (ratios, histogram quantiles), gauges of the latest scrape, and `for:` before firing.
// Times are milliseconds of one monotonic clock, given by the caller (tests pass their own).
class RuleEvaluator final {
public:
    explicit RuleEvaluator(QList<AlertRule> rules);

    // A scrape of `target` at `atMs`: `ok` false when it failed (then `error` says why).
    void addScrape(const ScrapeTarget &target, qint64 atMs, bool ok, const MetricSamples &samples,
                   const QString &error = QString());
    // Evaluates every rule now; returns the alerts that fired or resolved.
    QList<AlertTransition> evaluate(qint64 nowMs);

    QList<ActiveAlert> alerts() const; // pending and firing, in rule order
    const QList<AlertRule> &rules() const { return m_rules; }

    // Prometheus' histogram_quantile over cumulative buckets (upper bound -> count).
    static double histogramQuantile(double q, const QList<QPair<double, double>> &buckets);

private:
    struct Scrape {
        qint64 atMs = 0;
        bool ok = false;
        MetricSamples samples;
        QString error;
    };
    struct History {
        ScrapeTarget target;
        std::deque<Scrape> scrapes; // oldest first, kept for the longest window
    };
    struct Result {
        QMap<QString, QString> labels;
        double value = 0;
        QString detail;
    };

    QList<Result> results(const AlertRule &rule, qint64 nowMs) const;
    QList<Result> gauges(const char *name, const std::function<bool(double)> &active) const;
    QList<Result> errorRatios(const AlertRule &rule, qint64 nowMs) const;
    QList<Result> latencyQuantiles(const AlertRule &rule, qint64 nowMs) const;
    static QMap<QString, QString> targetLabels(const ScrapeTarget &t);
    // Oldest and newest successful scrapes within [now - window, now]; false without two.
    static bool window(const History &h, qint64 nowMs, qint64 windowMs, const Scrape **first,
                       const Scrape **last);

    QList<AlertRule> m_rules;
    qint64 m_keepMs = 0;
    QList<History> m_targets;
    QHash<QString, ActiveAlert> m_active; // rule name + labels -> alert
};

} // namespace infrastage::monitoring
