#include "ruleevaluator.h"

#include "metricnames.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace infrastage::monitoring {

namespace {

// The sum of every series of `name` whose labels include `match` (e.g. code="5xx").
double sumOf(const MetricSamples &samples, const QString &name, const QString &key = QString(),
             const QString &value = QString()) {
    double sum = 0;
    for (const MetricSample &s : samples) {
        if (s.name == name && (key.isEmpty() || s.labels.value(key) == value))
            sum += s.value;
    }
    return sum;
}

// A counter's increase between two samples; a counter that went down was reset (a restart).
double increase(double before, double after) {
    return after >= before ? after - before : after;
}

QString keyOf(const QString &rule, const QMap<QString, QString> &labels) {
    QString k = rule;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        k += QLatin1Char('\x1f') + it.key() + QLatin1Char('=') + it.value();
    return k;
}

QString expand(QString text, const QMap<QString, QString> &labels) {
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        text.replace(QStringLiteral("{{ $labels.%1 }}").arg(it.key()), it.value());
    return text;
}

} // namespace

RuleEvaluator::RuleEvaluator(QList<AlertRule> rules)
    : m_rules(std::move(rules)) {
    for (const AlertRule &r : m_rules)
        m_keepMs = std::max(m_keepMs, r.windowMs);
}

QMap<QString, QString> RuleEvaluator::targetLabels(const ScrapeTarget &t) {
    QMap<QString, QString> labels{{QStringLiteral("job"), t.job},
                                  {QStringLiteral("instance"), t.instance},
                                  {QStringLiteral("node"), t.node}};
    if (!t.cluster.isEmpty())
        labels.insert(QStringLiteral("cluster"), t.cluster);
    return labels;
}

void RuleEvaluator::addScrape(const ScrapeTarget &target, qint64 atMs, bool ok,
                              const MetricSamples &samples, const QString &error) {
    History *h = nullptr;
    for (History &c : m_targets) {
        if (c.target.instance == target.instance && c.target.job == target.job)
            h = &c;
    }
    if (!h) {
        m_targets.append(History{target, {}});
        h = &m_targets.last();
    }
    h->scrapes.push_back(Scrape{atMs, ok, ok ? samples : MetricSamples(), error});
    // Keep what the longest window needs, plus the scrape just before it (a counter's base).
    while (h->scrapes.size() > 2 && h->scrapes.at(1).atMs < atMs - m_keepMs)
        h->scrapes.pop_front();
}

bool RuleEvaluator::window(const History &h, qint64 nowMs, qint64 windowMs, const Scrape **first,
                           const Scrape **last) {
    *first = nullptr;
    *last = nullptr;
    for (const Scrape &s : h.scrapes) {
        if (!s.ok || s.atMs < nowMs - windowMs || s.atMs > nowMs)
            continue;
        if (!*first)
            *first = &s;
        *last = &s;
    }
    return *first && *last && *first != *last;
}

QList<RuleEvaluator::Result>
RuleEvaluator::gauges(const char *name, const std::function<bool(double)> &active) const {
    QList<Result> out;
    const QString metric = QLatin1String(name);
    for (const History &h : m_targets) {
        if (h.scrapes.empty() || !h.scrapes.back().ok)
            continue; // a failed scrape leaves no series (Prometheus marks them stale)
        for (const MetricSample &s : h.scrapes.back().samples) {
            if (s.name != metric || !active(s.value))
                continue;
            QMap<QString, QString> labels = s.labels;
            labels.insert(targetLabels(h.target));
            out.append(Result{labels, s.value, QString()});
        }
    }
    return out;
}

QList<RuleEvaluator::Result> RuleEvaluator::errorRatios(const AlertRule &rule, qint64 nowMs) const {
    QList<Result> out;
    const QString name = QLatin1String(kHttpResponses);
    const QString code = QStringLiteral("code");
    for (const History &h : m_targets) {
        const Scrape *a = nullptr;
        const Scrape *b = nullptr;
        if (!window(h, nowMs, rule.windowMs, &a, &b))
            continue;
        const double all = increase(sumOf(a->samples, name), sumOf(b->samples, name));
        if (all <= 0)
            continue; // no responses: the ratio is undefined, as 0/0 in PromQL
        const double errors = increase(sumOf(a->samples, name, code, QStringLiteral("5xx")),
                                       sumOf(b->samples, name, code, QStringLiteral("5xx")));
        const double ratio = errors / all;
        if (ratio > rule.threshold)
            out.append(Result{targetLabels(h.target), ratio,
                              QStringLiteral("%1 of %2 responses were 5xx").arg(errors).arg(all)});
    }
    return out;
}

double RuleEvaluator::histogramQuantile(double q, const QList<QPair<double, double>> &buckets) {
    // As Prometheus: find the bucket holding the rank, interpolate linearly inside it; a rank
    // in the +Inf bucket answers the highest finite bound.
    if (buckets.size() < 2 || !std::isinf(buckets.last().first))
        return NAN;
    const double total = buckets.last().second;
    if (total <= 0)
        return NAN;
    const double rank = q * total;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        if (buckets.at(i).second < rank)
            continue;
        if (std::isinf(buckets.at(i).first))
            return buckets.at(i - 1).first;
        const double lower = i == 0 ? 0 : buckets.at(i - 1).first;
        const double below = i == 0 ? 0 : buckets.at(i - 1).second;
        const double inBucket = buckets.at(i).second - below;
        if (inBucket <= 0)
            return buckets.at(i).first;
        return lower + (buckets.at(i).first - lower) * (rank - below) / inBucket;
    }
    return buckets.at(buckets.size() - 2).first;
}

QList<RuleEvaluator::Result> RuleEvaluator::latencyQuantiles(const AlertRule &rule,
                                                             qint64 nowMs) const {
    QList<Result> out;
    const QString name = QLatin1String(kHttpDurationBucket);
    for (const History &h : m_targets) {
        const Scrape *a = nullptr;
        const Scrape *b = nullptr;
        if (!window(h, nowMs, rule.windowMs, &a, &b))
            continue;
        QMap<double, double> byBound; // le -> increase, summed over other labels
        for (const MetricSample &s : b->samples) {
            if (s.name != name)
                continue;
            bool ok = false;
            const QString le = s.labels.value(QStringLiteral("le"));
            const double bound = le == QLatin1String("+Inf") ? INFINITY : le.toDouble(&ok);
            if (!ok && !std::isinf(bound))
                continue;
            byBound[bound] += 0; // the bucket exists even if it did not move
            double before = 0;
            for (const MetricSample &p : a->samples) {
                if (p.name == name && p.labels == s.labels)
                    before = p.value;
            }
            byBound[bound] += increase(before, s.value);
        }
        QList<QPair<double, double>> buckets;
        for (auto it = byBound.cbegin(); it != byBound.cend(); ++it)
            buckets.append({it.key(), it.value()});
        const double p95 = histogramQuantile(0.95, buckets);
        if (!std::isnan(p95) && p95 > rule.threshold)
            out.append(Result{targetLabels(h.target), p95,
                              QStringLiteral("p95 %1 ms over %2 requests")
                                  .arg(p95 * 1000, 0, 'f', 1)
                                  .arg(buckets.last().second)});
    }
    return out;
}

QList<RuleEvaluator::Result> RuleEvaluator::results(const AlertRule &rule, qint64 nowMs) const {
    switch (rule.kind) {
    case AlertKind::TargetDown: {
        QList<Result> out;
        for (const History &h : m_targets) {
            if (!h.scrapes.empty() && !h.scrapes.back().ok)
                out.append(Result{targetLabels(h.target), 0, h.scrapes.back().error});
        }
        return out;
    }
    case AlertKind::HighErrorRatio:
        return errorRatios(rule, nowMs);
    case AlertKind::HighLatencyP95:
        return latencyQuantiles(rule, nowMs);
    case AlertKind::ReplicationLag:
        return gauges(kReplicaLagSeconds, [&](double v) { return v > rule.threshold; });
    case AlertKind::ReplicaIoStopped:
        return gauges(kReplicaIoRunning, [](double v) { return v == 0; });
    case AlertKind::ReplicaSqlStopped:
        return gauges(kReplicaSqlRunning, [](double v) { return v == 0; });
    case AlertKind::SplitBrain: {
        // count by (cluster) (read_only == 0) > 1: one alert per replication group, labelled
        // with it alone, as count by () keeps only that label.
        const QString cluster = QStringLiteral("cluster");
        QMap<QString, QStringList> writable; // cluster -> its writable databases
        for (const Result &r : gauges(kDbReadOnly, [](double v) { return v == 0; }))
            writable[r.labels.value(cluster)].append(r.labels.value(QStringLiteral("node")));
        QList<Result> out;
        for (auto it = writable.cbegin(); it != writable.cend(); ++it) {
            if (it.value().size() <= 1)
                continue;
            QMap<QString, QString> labels;
            if (!it.key().isEmpty())
                labels.insert(cluster, it.key());
            out.append(
                Result{labels, double(it.value().size()),
                       QStringLiteral("writable: %1").arg(it.value().join(QStringLiteral(", ")))});
        }
        return out;
    }
    }
    return {};
}

QList<AlertTransition> RuleEvaluator::evaluate(qint64 nowMs) {
    QList<AlertTransition> transitions;
    for (const AlertRule &rule : std::as_const(m_rules)) {
        QSet<QString> seen;
        for (const Result &r : results(rule, nowMs)) {
            QMap<QString, QString> labels = r.labels;
            labels.insert(QStringLiteral("alertname"), rule.name);
            labels.insert(QStringLiteral("severity"), rule.severity);
            const QString key = keyOf(rule.name, labels);
            seen.insert(key);
            auto it = m_active.find(key);
            if (it == m_active.end()) {
                ActiveAlert a;
                a.rule = rule.name;
                a.kind = rule.kind;
                a.labels = labels;
                a.activeAtMs = nowMs;
                a.forMs = rule.forMs;
                a.summary = expand(rule.summary, labels);
                it = m_active.insert(key, a);
            }
            it->value = r.value;
            it->detail = r.detail;
            if (it->state == AlertState::Pending && nowMs - it->activeAtMs >= rule.forMs) {
                it->state = AlertState::Firing;
                it->firedAtMs = nowMs;
                transitions.append(AlertTransition{*it, true, nowMs});
            }
        }
        for (auto it = m_active.begin(); it != m_active.end();) {
            if (it->rule != rule.name || seen.contains(it.key())) {
                ++it;
                continue;
            }
            if (it->state == AlertState::Firing)
                transitions.append(AlertTransition{*it, false, nowMs});
            it = m_active.erase(it);
        }
    }
    return transitions;
}

QList<ActiveAlert> RuleEvaluator::alerts() const {
    QList<ActiveAlert> out;
    for (const AlertRule &rule : m_rules) {
        QList<ActiveAlert> ofRule;
        for (const ActiveAlert &a : m_active) {
            if (a.rule == rule.name)
                ofRule.append(a);
        }
        std::sort(ofRule.begin(), ofRule.end(), [](const ActiveAlert &x, const ActiveAlert &y) {
            return x.labels.value(QStringLiteral("instance")) <
                   y.labels.value(QStringLiteral("instance"));
        });
        out += ofRule;
    }
    return out;
}

} // namespace infrastage::monitoring
