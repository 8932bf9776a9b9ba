#include "dbmetrics.h"

#include "listenspec.h"
#include "monitoring/metricnames.h"

#include <QCborArray>
#include <QJsonObject>

namespace infrastage::db {

namespace mon = infrastage::monitoring;

namespace {

void gauge(QByteArray *out, const char *name, const char *help, double value) {
    *out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name +
            ' ' + QByteArray::number(value, 'g', 15) + '\n';
}

} // namespace

DbMetrics::DbMetrics(StatusSource status, QObject *parent)
    : QObject(parent)
    , m_status(std::move(status))
    , m_server(this) {
    m_server.setFirewallListener(QStringLiteral("metrics")); // design port 9104
    m_server.setHandler([this](const http::ServerRequest &r, const http::Responder &responder) {
        http::HttpResponse response;
        if (r.request.path() == "/metrics") {
            response.body = render(m_status());
            response.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        } else {
            response.status = 404;
            response.body = "Try /metrics\n";
        }
        responder.send(response);
    });
}

bool DbMetrics::start(const QJsonObject &config, QString *error) {
    http::ListenSpec spec;
    if (!http::ListenSpec::fromJson(config, QStringLiteral("metrics"), &spec, error))
        return false;
    return m_server.listen(spec, error);
}

QByteArray DbMetrics::render(const QCborMap &s) {
    QByteArray out;
    gauge(&out, mon::kDbUp, "Whether the database answers.", 1);
    gauge(&out, mon::kDbReadOnly, "1 when the server refuses writes (replica or fenced).",
          s.value(QLatin1String("read_only")).toBool() ? 1 : 0);
    gauge(&out, "infrastage_db_binlog_position", "The last transaction in the binary log.",
          double(s.value(QLatin1String("seq")).toInteger()));
    gauge(&out, "infrastage_db_replicas_connected", "Replicas streaming from this server.",
          double(s.value(QLatin1String("replicas")).toArray().size()));
    const QCborMap r = s.value(QLatin1String("replication")).toMap();
    if (r.isEmpty())
        return out;
    // A replica: its threads as MySQL's SHOW REPLICA STATUS says them. The IO thread runs while
    // the binlog streams; the SQL thread stops on an error or a divergence (and here the
    // stream with it). Seconds behind is only known while the IO thread runs (NULL in MySQL).
    const QString state = r.value(QLatin1String("state")).toString();
    const bool io = state == QLatin1String("streaming") || state == QLatin1String("subscribing");
    const bool sql = state != QLatin1String("error") && state != QLatin1String("diverged") &&
                     state != QLatin1String("stopped");
    gauge(&out, mon::kReplicaIoRunning, "1 while the replica receives the binary log.", io);
    gauge(&out, mon::kReplicaSqlRunning, "1 while the replica applies the binary log.", sql);
    if (io)
        gauge(&out, mon::kReplicaLagSeconds, "How far the replica is behind, in seconds.",
              r.value(QLatin1String("behind_ms")).toDouble() / 1000.0);
    gauge(&out, "mysql_slave_status_read_master_log_pos",
          "The primary's latest position the replica knows of.",
          double(r.value(QLatin1String("primary_latest")).toInteger()));
    gauge(&out, "mysql_slave_status_exec_master_log_pos", "The position the replica applied.",
          double(r.value(QLatin1String("applied")).toInteger()));
    gauge(&out, "infrastage_db_replication_behind_transactions",
          "Transactions the replica has not applied yet.",
          double(r.value(QLatin1String("behind_txns")).toInteger()));
    return out;
}

} // namespace infrastage::db
