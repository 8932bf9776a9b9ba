#include "monitorpages.h"

#include "monitoring/alertrules.h"
#include "monitoring/exposition.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrastage::roles::monitor {

namespace {

// A moment of the monotonic clock as an RFC 3339 UTC wall-clock time.
QString wallClock(qint64 atMs, qint64 nowMs) {
    return QDateTime::currentDateTimeUtc().addMSecs(atMs - nowMs).toString(Qt::ISODateWithMs);
}

const char *stateName(monitoring::AlertState s) {
    return s == monitoring::AlertState::Firing ? "firing" : "pending";
}

QJsonObject labelsJson(const QMap<QString, QString> &labels) {
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QByteArray escaped(const QString &s) {
    return s.toHtmlEscaped().toUtf8();
}

QByteArray success(const QJsonObject &data) {
    return QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("success")},
                                     {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray MonitorPages::alertsJson(const QList<monitoring::ActiveAlert> &alerts, qint64 nowMs) {
    QJsonArray list;
    for (const monitoring::ActiveAlert &a : alerts) {
        list.append(QJsonObject{
            {QStringLiteral("labels"), labelsJson(a.labels)},
            {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("summary"), a.summary},
                                                        {QStringLiteral("detail"), a.detail}}},
            {QStringLiteral("state"), QLatin1String(stateName(a.state))},
            {QStringLiteral("activeAt"), wallClock(a.activeAtMs, nowMs)},
            {QStringLiteral("value"),
             QString::fromLatin1(monitoring::Exposition::number(a.value))}});
    }
    return success(QJsonObject{{QStringLiteral("alerts"), list}});
}

QByteArray MonitorPages::targetsJson(const QList<ScrapeTargetState> &targets, qint64 nowMs) {
    QJsonArray list;
    for (const ScrapeTargetState &t : targets) {
        list.append(QJsonObject{
            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("job"), t.target.job},
                                                   {QStringLiteral("instance"), t.target.instance},
                                                   {QStringLiteral("node"), t.target.node}}},
            {QStringLiteral("scrapeUrl"),
             QStringLiteral("http://%1%2").arg(t.target.instance, QString::fromUtf8(t.path))},
            {QStringLiteral("health"), QLatin1String(targetHealthName(t.health))},
            {QStringLiteral("lastError"), t.lastError},
            {QStringLiteral("lastScrape"),
             t.lastScrapeMs ? wallClock(t.lastScrapeMs, nowMs) : QString()},
            {QStringLiteral("lastScrapeDuration"), double(t.lastDurationUs) / 1e6}});
    }
    return success(QJsonObject{{QStringLiteral("activeTargets"), list}});
}

QByteArray MonitorPages::rulesJson(const QList<monitoring::AlertRule> &rules) {
    QJsonArray list;
    for (const monitoring::AlertRule &r : rules) {
        list.append(QJsonObject{
            {QStringLiteral("name"), r.name},
            {QStringLiteral("query"), r.expr},
            {QStringLiteral("duration"), double(r.forMs) / 1000.0},
            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("severity"), r.severity}}},
            {QStringLiteral("type"), QStringLiteral("alerting")}});
    }
    return success(
        QJsonObject{{QStringLiteral("groups"),
                     QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("infrastage")},
                                            {QStringLiteral("rules"), list}}}}});
}

QByteArray MonitorPages::metrics(const QList<ScrapeTargetState> &targets,
                                 const QList<monitoring::ActiveAlert> &alerts, quint64 scrapes,
                                 quint64 failed) {
    using monitoring::Exposition;
    QByteArray out = "# TYPE up gauge\n";
    for (const ScrapeTargetState &t : targets)
        out += Exposition::line("up",
                                {{"job", t.target.job.toUtf8()},
                                 {"instance", t.target.instance.toUtf8()},
                                 {"node", t.target.node.toUtf8()}},
                                t.health == TargetHealth::Up ? 1 : 0);
    out += "# TYPE infrastage_monitor_scrapes_total counter\n";
    out += Exposition::line("infrastage_monitor_scrapes_total", {}, double(scrapes));
    out += "# TYPE infrastage_monitor_scrapes_failed_total counter\n";
    out += Exposition::line("infrastage_monitor_scrapes_failed_total", {}, double(failed));
    out += "# TYPE ALERTS gauge\n";
    for (const monitoring::ActiveAlert &a : alerts) {
        QList<QPair<QByteArray, QByteArray>> labels;
        for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
            labels.append(qMakePair(it.key().toUtf8(), it.value().toUtf8()));
        labels.append(qMakePair(QByteArray("alertstate"), QByteArray(stateName(a.state))));
        out += Exposition::line("ALERTS", labels, 1);
    }
    return out;
}

QByteArray MonitorPages::html(const QString &node, int intervalMs,
                              const QList<ScrapeTargetState> &targets,
                              const QList<monitoring::ActiveAlert> &alerts,
                              const QList<monitoring::AlertRule> &rules, qint64 nowMs) {
    QByteArray h = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escaped(node) +
                   " - Infrastage monitor</title><style>body{font-family:sans-serif}"
                   "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}"
                   ".up{background:#cfc}.down{background:#fcc}.firing{background:#fcc}"
                   ".pending{background:#ffc}</style></head><body>\n<h1>" +
                   escaped(node) + "</h1>\n<p>Scrape and evaluation interval " +
                   QByteArray::number(intervalMs) +
                   " ms. Also: <a href=\"/api/v1/alerts\">"
                   "alerts</a>, <a href=\"/api/v1/targets\">targets</a>, <a href=\"/api/v1/"
                   "rules\">rules</a> (JSON), <a href=\"/metrics\">metrics</a>.</p>\n";
    h += "<h2>Alerts</h2>\n<table><tr><th>alert</th><th>state</th><th>node</th><th>instance</th>"
         "<th>since</th><th>value</th><th>summary</th><th>detail</th></tr>\n";
    for (const monitoring::ActiveAlert &a : alerts)
        h += QByteArray("<tr class=\"") + stateName(a.state) + "\"><td>" + escaped(a.rule) +
             "</td><td>" + stateName(a.state) + "</td><td>" +
             escaped(a.labels.value(QStringLiteral("node"))) + "</td><td>" +
             escaped(a.labels.value(QStringLiteral("instance"))) + "</td><td>" +
             QByteArray::number(double(nowMs - a.activeAtMs) / 1000.0, 'f', 1) + " s</td><td>" +
             monitoring::Exposition::number(a.value) + "</td><td>" + escaped(a.summary) +
             "</td><td>" + escaped(a.detail) + "</td></tr>\n";
    if (alerts.isEmpty())
        h += "<tr><td colspan=\"8\">no alert</td></tr>\n";
    h += "</table>\n<h2>Targets</h2>\n<table><tr><th>node</th><th>job</th><th>endpoint</th>"
         "<th>state</th><th>last scrape</th><th>duration</th><th>samples</th><th>error</th>"
         "</tr>\n";
    for (const ScrapeTargetState &t : targets) {
        const char *health = targetHealthName(t.health);
        h += QByteArray("<tr class=\"") + health + "\"><td>" + escaped(t.target.node) +
             "</td><td>" + escaped(t.target.job) + "</td><td>http://" + escaped(t.target.instance) +
             t.path + "</td><td>" + health + "</td><td>" +
             (t.lastScrapeMs
                  ? QByteArray::number(double(nowMs - t.lastScrapeMs) / 1000.0, 'f', 1) + " s ago"
                  : QByteArray("never")) +
             "</td><td>" + QByteArray::number(double(t.lastDurationUs) / 1000.0, 'f', 1) +
             " ms</td><td>" + QByteArray::number(t.samples) + "</td><td>" + escaped(t.lastError) +
             "</td></tr>\n";
    }
    h += "</table>\n<h2>Rules</h2>\n<table><tr><th>alert</th><th>expr</th><th>for</th>"
         "<th>severity</th></tr>\n";
    for (const monitoring::AlertRule &r : rules)
        h += "<tr><td>" + escaped(r.name) + "</td><td><code>" + escaped(r.expr) +
             "</code></td><td>" + monitoring::AlertRules::duration(r.forMs).toUtf8() + "</td><td>" +
             escaped(r.severity) + "</td></tr>\n";
    return h + "</table>\n</body></html>\n";
}

} // namespace infrastage::roles::monitor
