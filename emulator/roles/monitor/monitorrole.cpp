#include "monitorrole.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "monitoring/alertrules.h"
#include "monitoring/exposition.h"
#include "monitoring/metricnames.h"
#include "monitorpages.h"
#include "monotonic.h"

#include <QJsonArray>

namespace infrastage::roles::monitor {

namespace {
RoleRegistration registration("monitor", [] { return std::make_unique<MonitorRole>(); });

qint64 nowMs() {
    return http::monotonicNs() / 1000000;
}

QJsonObject labelsJson(const QMap<QString, QString> &labels) {
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

} // namespace

const char *targetHealthName(TargetHealth h) {
    switch (h) {
    case TargetHealth::Up:
        return "up";
    case TargetHealth::Down:
        return "down";
    case TargetHealth::Unknown:
        break;
    }
    return "unknown";
}

MonitorRole::MonitorRole() {
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &MonitorRole::scrapeRound);
}

bool MonitorRole::start(const QJsonObject &config, QString *error) {
    const QJsonValue interval = config.value(QLatin1String("scrape_interval_ms"));
    if (!interval.isDouble() || interval.toDouble() < 100 || interval.toDouble() > 3600000) {
        *error = QStringLiteral("\"scrape_interval_ms\" must be from 100 to 3600000 ms");
        return false;
    }
    m_intervalMs = interval.toInt();
    // A scrape must end before the next round starts (Prometheus: scrape_timeout <= interval).
    m_timeouts.connectMs = qMax(50, m_intervalMs * 9 / 10);
    m_timeouts.serverMs = m_timeouts.connectMs;
    QList<monitoring::AlertRule> rules;
    if (!monitoring::AlertRules::fromJson(config.value(QLatin1String("rules")).toArray(), &rules,
                                          error))
        return false;
    m_evaluator = monitoring::RuleEvaluator(rules);
    const QJsonArray targets = config.value(QLatin1String("targets")).toArray();
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const QJsonObject t = targets.at(i).toObject();
        ScrapeTargetState s;
        const int port = t.value(QLatin1String("port")).toInt(-1);
        if (!s.address.setAddress(t.value(QLatin1String("address")).toString()) ||
            !http::isLoopback(s.address) || port <= 0 || port > 65535) {
            *error = QStringLiteral("targets[%1] needs a 127.0.0.0/8 address and a port").arg(i);
            return false;
        }
        s.port = quint16(port);
        s.path = t.value(QLatin1String("path")).toString(QStringLiteral("/metrics")).toUtf8();
        s.target.job = t.value(QLatin1String("job")).toString();
        s.target.node = t.value(QLatin1String("node")).toString();
        s.target.cluster = t.value(QLatin1String("cluster")).toString();
        s.target.instance = QStringLiteral("%1:%2").arg(s.address.toString()).arg(port);
        m_targets.append(s);
    }
    m_server.setHandler(
        [this](const http::ServerRequest &r, const http::Responder &resp) { handle(r, resp); });
    if (!startServer(config, http::HttpServer::Options(), error))
        return false;
    EventEmitter::ready(m_server.address().toString(), m_server.port(),
                        QJsonObject{{QStringLiteral("targets"), int(m_targets.size())},
                                    {QStringLiteral("rules"), int(rules.size())},
                                    {QStringLiteral("scrape_interval_ms"), m_intervalMs}});
    m_startMs = nowMs();
    m_timer.start(m_intervalMs);
    scrapeRound();
    return true;
}

void MonitorRole::scrapeRound() {
    if (m_pending > 0)
        return; // the previous round is still waiting for a timeout (cannot happen: 0.9 x)
    ++m_rounds;
    // The round's time is its slot on the interval's grid, as Prometheus stamps evaluations
    // (so `for:` counts whole intervals, whatever the timer's jitter).
    const qint64 now = nowMs();
    const qint64 round =
        m_startMs + (now - m_startMs + m_intervalMs / 2) / m_intervalMs * m_intervalMs;
    m_pending = int(m_targets.size());
    if (m_pending == 0) {
        evaluate(round);
        return;
    }
    for (int i = 0; i < m_targets.size(); ++i)
        scrape(i, round);
}

void MonitorRole::scrape(int index, qint64 roundMs) {
    const ScrapeTargetState &t = m_targets.at(index);
    const QByteArray request = "GET " + t.path +
                               " HTTP/1.1\r\nHost: " + t.target.instance.toLatin1() +
                               "\r\nUser-Agent: infrastage-monitor\r\n"
                               "Accept: text/plain;version=0.0.4\r\n\r\n";
    const qint64 started = http::monotonicNs();
    m_pool.send(t.address, t.port, request, false, true, m_timeouts,
                [this, index, roundMs, started](http::UpstreamResult &&r) {
                    scraped(index, roundMs, started, std::move(r));
                });
}

void MonitorRole::scraped(int index, qint64 roundMs, qint64 startedNs,
                          http::UpstreamResult &&result) {
    ScrapeTargetState &t = m_targets[index];
    ++m_scrapes;
    QString error;
    monitoring::MetricSamples samples;
    if (result.status != http::UpstreamStatus::Ok)
        error = QString::fromLatin1(result.error);
    else if (result.response.status != 200)
        error = QStringLiteral("server returned HTTP status %1").arg(result.response.status);
    else if (!monitoring::Exposition::parse(result.response.body, &samples, &error))
        error = QStringLiteral("bad metrics: %1").arg(error);
    const bool ok = error.isEmpty();
    if (!ok)
        ++m_failedScrapes;
    t.lastScrapeMs = roundMs;
    t.lastDurationUs = (http::monotonicNs() - startedNs) / 1000;
    t.samples = int(samples.size());
    const TargetHealth before = t.health;
    t.health = ok ? TargetHealth::Up : TargetHealth::Down;
    t.lastError = error;
    if (t.health != before)
        EventEmitter::emitEvent(
            EventKind::MonitorTarget,
            QJsonObject{{QStringLiteral("node"), t.target.node},
                        {QStringLiteral("job"), t.target.job},
                        {QStringLiteral("instance"), t.target.instance},
                        {QStringLiteral("from"), QLatin1String(targetHealthName(before))},
                        {QStringLiteral("to"), QLatin1String(targetHealthName(t.health))},
                        {QStringLiteral("error"), error},
                        {QStringLiteral("duration_us"), t.lastDurationUs}});
    m_evaluator.addScrape(t.target, roundMs, ok, samples, error);
    if (--m_pending == 0)
        evaluate(roundMs);
}

void MonitorRole::evaluate(qint64 roundMs) {
    for (const monitoring::AlertTransition &tr : m_evaluator.evaluate(roundMs)) {
        const monitoring::ActiveAlert &a = tr.alert;
        EventEmitter::emitEvent(
            EventKind::MonitorAlert,
            QJsonObject{{QStringLiteral("alert"), a.rule},
                        {QStringLiteral("state"),
                         tr.firing ? QStringLiteral("firing") : QStringLiteral("resolved")},
                        {QStringLiteral("severity"), a.labels.value(QStringLiteral("severity"))},
                        {QStringLiteral("node"), a.labels.value(QStringLiteral("node"))},
                        {QStringLiteral("instance"), a.labels.value(QStringLiteral("instance"))},
                        {QStringLiteral("labels"), labelsJson(a.labels)},
                        {QStringLiteral("value"), a.value},
                        {QStringLiteral("summary"), a.summary},
                        {QStringLiteral("detail"), a.detail},
                        {QStringLiteral("for_ms"), a.forMs},
                        // how long the condition had held (firing) or the alert fired (resolved)
                        {QStringLiteral("active_ms"),
                         tr.firing ? roundMs - a.activeAtMs : roundMs - a.firedAtMs}});
    }
}

void MonitorRole::handle(const http::ServerRequest &request, const http::Responder &responder) {
    const QByteArray path = request.request.path();
    const qint64 now = nowMs();
    http::HttpResponse r;
    r.headers.add("Server", "infrastage-monitor");
    if (path == "/" || path == "/status") {
        r.body = MonitorPages::html(EventEmitter::node(), m_intervalMs, m_targets,
                                    m_evaluator.alerts(), m_evaluator.rules(), now);
        r.headers.add("Content-Type", "text/html; charset=utf-8");
    } else if (path == "/api/v1/alerts") {
        r.body = MonitorPages::alertsJson(m_evaluator.alerts(), now);
        r.headers.add("Content-Type", "application/json");
    } else if (path == "/api/v1/targets") {
        r.body = MonitorPages::targetsJson(m_targets, now);
        r.headers.add("Content-Type", "application/json");
    } else if (path == "/api/v1/rules") {
        r.body = MonitorPages::rulesJson(m_evaluator.rules());
        r.headers.add("Content-Type", "application/json");
    } else if (path == "/metrics") {
        r.body = MonitorPages::metrics(m_targets, m_evaluator.alerts(), m_scrapes, m_failedScrapes);
        r.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    } else if (path == "/-/healthy") {
        r.body = "Infrastage monitor is Healthy.\n";
    } else {
        r.status = 404;
        r.body = "Not found. Try /, /api/v1/alerts, /api/v1/targets, /api/v1/rules, /metrics\n";
    }
    responder.send(r);
}

} // namespace infrastage::roles::monitor
