#include "agentrole.h"

#include "eventemitter.h"
#include "monitoring/exposition.h"

#include <QJsonArray>

namespace infrastage::roles::agent {

namespace {
RoleRegistration registration("agent", [] { return std::make_unique<AgentRole>(); });
} // namespace

bool AgentRole::start(const QJsonObject &config, QString *error) {
    m_serverId =
        config.value(QLatin1String("host")).toObject().value(QLatin1String("id")).toString();
    const QJsonArray processes = config.value(QLatin1String("processes")).toArray();
    for (qsizetype i = 0; i < processes.size(); ++i) {
        const QJsonObject p = processes.at(i).toObject();
        const QString configPath = p.value(QLatin1String("config")).toString();
        if (configPath.isEmpty()) {
            *error =
                QStringLiteral("processes[%1] needs \"config\" (the node's config path)").arg(i);
            return false;
        }
        m_watched.push_back(Watched{p.value(QLatin1String("node")).toString(),
                                    p.value(QLatin1String("role")).toString(),
                                    std::make_unique<ProcessProbe>(configPath)});
    }
    m_server.setHandler([this](const http::ServerRequest &r, const http::Responder &responder) {
        http::HttpResponse response;
        if (r.request.path() == "/metrics") {
            response.body = metrics();
            response.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        } else {
            response.status = 404;
            response.body = "Try /metrics\n";
        }
        responder.send(response);
    });
    if (!startServer(config, http::HttpServer::Options(), error))
        return false;
    EventEmitter::ready(m_server.address().toString(), m_server.port(),
                        QJsonObject{{QStringLiteral("processes"), int(m_watched.size())}});
    return true;
}

QByteArray AgentRole::metrics() {
    using monitoring::Exposition;
    QByteArray up, cpu, rss, fds, threads;
    for (Watched &w : m_watched) {
        const ProcessStats s = w.probe->read();
        const QList<QPair<QByteArray, QByteArray>> labels{{"process", w.node.toUtf8()},
                                                          {"role", w.role.toUtf8()},
                                                          {"server", m_serverId.toUtf8()}};
        up += Exposition::line("infrastage_process_up", labels, s.found ? 1 : 0);
        if (!s.found)
            continue;
        cpu += Exposition::line("infrastage_process_cpu_seconds_total", labels, s.cpuSeconds);
        rss += Exposition::line("infrastage_process_resident_memory_bytes", labels,
                                double(s.residentBytes));
        fds += Exposition::line("infrastage_process_open_fds", labels, s.openFds);
        threads += Exposition::line("infrastage_process_threads", labels, s.threads);
    }
    return "# HELP infrastage_process_up Whether the role process runs on this server.\n"
           "# TYPE infrastage_process_up gauge\n" +
           up +
           "# HELP infrastage_process_cpu_seconds_total User and system CPU time.\n"
           "# TYPE infrastage_process_cpu_seconds_total counter\n" +
           cpu +
           "# HELP infrastage_process_resident_memory_bytes Resident memory.\n"
           "# TYPE infrastage_process_resident_memory_bytes gauge\n" +
           rss +
           "# HELP infrastage_process_open_fds Open file descriptors.\n"
           "# TYPE infrastage_process_open_fds gauge\n" +
           fds +
           "# HELP infrastage_process_threads Threads.\n"
           "# TYPE infrastage_process_threads gauge\n" +
           threads;
}

} // namespace infrastage::roles::agent
