#include "runreport.h"
#include "events/eventkind.h"

#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace infrastage::runtime {

QString RunReport::serverOf(const QString &servedBy) {
    return servedBy.section(QLatin1Char(','), 0, 0).trimmed();
}

double RunReport::percentile(const QList<double> &sorted, double p) {
    if (sorted.isEmpty())
        return 0;
    const int rank = int(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted.at(qBound(0, rank - 1, int(sorted.size()) - 1));
}

RunReport::RunReport(const LoadTally &tally, qint64 elapsedNs, const QList<RuntimeEvent> &events,
                     qint64 loadStartNs, QList<FaultRecord> faults) {
    auto toObject = [](const QMap<QString, int> &m) {
        QJsonObject o;
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    QJsonArray health;
    for (const RuntimeEvent &e : events) {
        if (e.kind != EventKind::LbHealth)
            continue;
        health.append(
            QJsonObject{{QStringLiteral("at"), double(e.t - loadStartNs) / 1e9},
                        {QStringLiteral("lb"), e.node},
                        {QStringLiteral("server"), e.details.value(QLatin1String("server"))},
                        {QStringLiteral("from"), e.details.value(QLatin1String("from"))},
                        {QStringLiteral("to"), e.details.value(QLatin1String("to"))},
                        {QStringLiteral("check"), e.details.value(QLatin1String("check"))}});
    }
    // A load balancer pair's VRRP state changes during the run (not the start's INIT -> ...).
    QJsonArray vrrp;
    for (const RuntimeEvent &e : events) {
        if (e.kind != EventKind::VrrpState ||
            e.details.value(QLatin1String("from")).toString() == QLatin1String("INIT"))
            continue;
        vrrp.append(
            QJsonObject{{QStringLiteral("at"), double(e.t - loadStartNs) / 1e9},
                        {QStringLiteral("lb"), e.node},
                        {QStringLiteral("from"), e.details.value(QLatin1String("from"))},
                        {QStringLiteral("to"), e.details.value(QLatin1String("to"))},
                        {QStringLiteral("reason"), e.details.value(QLatin1String("reason"))}});
    }
    QJsonArray alerts; // what the design's monitoring node reported, if it has one
    for (const RuntimeEvent &e : events) {
        if (e.kind != EventKind::MonitorAlert)
            continue;
        alerts.append(
            QJsonObject{{QStringLiteral("at"), double(e.t - loadStartNs) / 1e9},
                        {QStringLiteral("alert"), e.details.value(QLatin1String("alert"))},
                        {QStringLiteral("state"), e.details.value(QLatin1String("state"))},
                        {QStringLiteral("node"), e.details.value(QLatin1String("node"))},
                        {QStringLiteral("instance"), e.details.value(QLatin1String("instance"))},
                        {QStringLiteral("value"), e.details.value(QLatin1String("value"))},
                        {QStringLiteral("detail"), e.details.value(QLatin1String("detail"))}});
    }
    QJsonArray faultList;
    for (const FaultRecord &f : faults)
        faultList.append(QJsonObject{{QStringLiteral("at"), f.at},
                                     {QStringLiteral("fault"), f.description},
                                     {QStringLiteral("error"), f.error}});
    QJsonObject times;
    const auto &serverTimes = tally.serverTimes();
    for (auto it = serverTimes.cbegin(); it != serverTimes.cend(); ++it)
        times.insert(it.key(), QJsonObject{{QStringLiteral("first"), it.value().first},
                                           {QStringLiteral("last"), it.value().second}});
    const double seconds = double(elapsedNs) / 1e9;
    m_json = QJsonObject{
        {QStringLiteral("requests"), tally.requests()},
        {QStringLiteral("completed"), tally.requests() - tally.failed()},
        {QStringLiteral("errors"), tally.failed()},
        {QStringLiteral("server_errors"), tally.serverErrors()},
        {QStringLiteral("client_retries"), tally.retried()},
        {QStringLiteral("seconds"), seconds},
        {QStringLiteral("requests_per_second"),
         seconds > 0 ? double(tally.requests()) / seconds : 0.0},
        {QStringLiteral("servers"), toObject(tally.servers())},
        {QStringLiteral("server_times"), times},
        {QStringLiteral("status"), toObject(tally.statuses())},
        {QStringLiteral("error_kinds"), toObject(tally.errors())},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("p50"), tally.latencyPercentileMs(50)},
                     {QStringLiteral("p95"), tally.latencyPercentileMs(95)},
                     {QStringLiteral("p99"), tally.latencyPercentileMs(99)},
                     {QStringLiteral("max"), tally.latencyMaxMs()}}},
        {QStringLiteral("health"), health},
        {QStringLiteral("vrrp"), vrrp},
        {QStringLiteral("alerts"), alerts},
        {QStringLiteral("faults"), faultList},
    };
}

void RunReport::setBackends(const QStringList &servers, const QStringList &backups) {
    QJsonObject counts = m_json.value(QLatin1String("servers")).toObject();
    for (const QString &s : servers) {
        if (!counts.contains(s))
            counts.insert(s, 0);
    }
    m_json.insert(QStringLiteral("servers"), counts);
    m_json.insert(QStringLiteral("backup_servers"), QJsonArray::fromStringList(backups));
}

QJsonObject RunReport::toJson() const {
    return m_json;
}

QString RunReport::toText() const {
    const QJsonObject &j = m_json;
    QString out;
    out += QStringLiteral("Requests: %1 in %2 s (%3 req/s), %4 completed, %5 failed\n")
               .arg(j.value(QLatin1String("requests")).toInt())
               .arg(j.value(QLatin1String("seconds")).toDouble(), 0, 'f', 2)
               .arg(j.value(QLatin1String("requests_per_second")).toDouble(), 0, 'f', 0)
               .arg(j.value(QLatin1String("completed")).toInt())
               .arg(j.value(QLatin1String("errors")).toInt());
    out += QStringLiteral("\nRequests per backend server (X-Served-By), share, first and last "
                          "request:\n");
    const QJsonObject servers = j.value(QLatin1String("servers")).toObject();
    const QJsonObject times = j.value(QLatin1String("server_times")).toObject();
    const QJsonArray backups = j.value(QLatin1String("backup_servers")).toArray();
    const int completed = qMax(1, j.value(QLatin1String("completed")).toInt());
    for (auto it = servers.begin(); it != servers.end(); ++it) {
        const QString name =
            backups.contains(it.key()) ? QStringLiteral("%1 (backup)").arg(it.key()) : it.key();
        const int n = it.value().toInt();
        out += QStringLiteral("  %1 %2 %3 %")
                   .arg(name, -24)
                   .arg(n, 6)
                   .arg(100.0 * n / completed, 5, 'f', 1);
        const QJsonObject span = times.value(it.key()).toObject();
        if (!span.isEmpty())
            out += QStringLiteral("  %1 s .. %2 s")
                       .arg(span.value(QLatin1String("first")).toDouble(), 0, 'f', 2)
                       .arg(span.value(QLatin1String("last")).toDouble(), 0, 'f', 2);
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("\nStatus codes:\n");
    const QJsonObject status = j.value(QLatin1String("status")).toObject();
    for (auto it = status.begin(); it != status.end(); ++it)
        out += QStringLiteral("  %1 %2\n").arg(it.key(), -24).arg(it.value().toInt());
    const QJsonObject kinds = j.value(QLatin1String("error_kinds")).toObject();
    out += QStringLiteral("\nErrors: %1\n").arg(j.value(QLatin1String("errors")).toInt());
    for (auto it = kinds.begin(); it != kinds.end(); ++it)
        out += QStringLiteral("  %1 %2\n").arg(it.key(), -40).arg(it.value().toInt());
    const QJsonObject lat = j.value(QLatin1String("latency_ms")).toObject();
    out += QStringLiteral("\nLatency: p50 %1 ms, p95 %2 ms, p99 %3 ms, max %4 ms\n")
               .arg(lat.value(QLatin1String("p50")).toDouble(), 0, 'f', 3)
               .arg(lat.value(QLatin1String("p95")).toDouble(), 0, 'f', 3)
               .arg(lat.value(QLatin1String("p99")).toDouble(), 0, 'f', 3)
               .arg(lat.value(QLatin1String("max")).toDouble(), 0, 'f', 3);
    const QJsonArray faults = j.value(QLatin1String("faults")).toArray();
    if (!faults.isEmpty()) {
        out += QStringLiteral("\nFaults:\n");
        for (const QJsonValue &v : faults) {
            const QJsonObject f = v.toObject();
            out += QStringLiteral("  %1 s  %2%3\n")
                       .arg(f.value(QLatin1String("at")).toDouble(), 6, 'f', 2)
                       .arg(f.value(QLatin1String("fault")).toString(),
                            f.value(QLatin1String("error")).toString().isEmpty()
                                ? QString()
                                : QStringLiteral(" (not applied: %1)")
                                      .arg(f.value(QLatin1String("error")).toString()));
        }
    }
    const QJsonArray health = j.value(QLatin1String("health")).toArray();
    out += QStringLiteral("\nHealth-check transitions: %1\n").arg(health.size());
    for (const QJsonValue &v : health) {
        const QJsonObject h = v.toObject();
        out += QStringLiteral("  %1 s  %2: %3 %4 -> %5 (%6)\n")
                   .arg(h.value(QLatin1String("at")).toDouble(), 6, 'f', 2)
                   .arg(h.value(QLatin1String("lb")).toString(),
                        h.value(QLatin1String("server")).toString(),
                        h.value(QLatin1String("from")).toString(),
                        h.value(QLatin1String("to")).toString(),
                        h.value(QLatin1String("check")).toString());
    }
    const QJsonArray vrrp = j.value(QLatin1String("vrrp")).toArray();
    if (!vrrp.isEmpty())
        out += QStringLiteral("\nVRRP transitions: %1\n").arg(vrrp.size());
    for (const QJsonValue &v : vrrp) {
        const QJsonObject h = v.toObject();
        out += QStringLiteral("  %1 s  %2: %3 -> %4 (%5)\n")
                   .arg(h.value(QLatin1String("at")).toDouble(), 6, 'f', 2)
                   .arg(h.value(QLatin1String("lb")).toString(),
                        h.value(QLatin1String("from")).toString(),
                        h.value(QLatin1String("to")).toString(),
                        h.value(QLatin1String("reason")).toString());
    }
    const QJsonArray alerts = j.value(QLatin1String("alerts")).toArray();
    out += QStringLiteral("\nAlerts (monitoring): %1\n").arg(alerts.size());
    for (const QJsonValue &v : alerts) {
        const QJsonObject a = v.toObject();
        const QString node = a.value(QLatin1String("node")).toString();
        const bool firing = a.value(QLatin1String("state")).toString() == QLatin1String("firing");
        const QString detail = firing ? a.value(QLatin1String("detail")).toString() : QString();
        out += QStringLiteral("  %1 s  %2 %3%4%5\n")
                   .arg(a.value(QLatin1String("at")).toDouble(), 6, 'f', 2)
                   .arg(a.value(QLatin1String("alert")).toString(),
                        a.value(QLatin1String("state")).toString(),
                        node.isEmpty() ? QString() : QLatin1Char(' ') + node,
                        detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
    }
    return out;
}

} // namespace infrastage::runtime
