#include "statspage.h"

#include "errorpages.h"
#include "monotonic.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrastage::roles::lb {

namespace {
QByteArray label(const QString &s) {
    QByteArray v = s.toUtf8();
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return v;
}
const char *const kClasses[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
} // namespace

StatsPage::StatsPage(const QList<BackendServer> *servers, const LbCounters *counters,
                     QString nodeId, QString algorithm)
    : m_servers(servers)
    , m_counters(counters)
    , m_node(std::move(nodeId))
    , m_algorithm(std::move(algorithm)) {}

http::HttpResponse StatsPage::respond(const http::HttpRequest &request,
                                      int clientConnections) const {
    const QByteArray path = request.path();
    http::HttpResponse r;
    if (path == "/" || path == "/stats") {
        r.headers.add("Content-Type", "text/html; charset=utf-8");
        r.body = html();
    } else if (path == "/metrics") {
        r.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        r.body = metrics(clientConnections);
    } else if (path == "/stats.json") {
        r.headers.add("Content-Type", "application/json");
        r.body = json();
    } else {
        return http::errorPage(404);
    }
    r.headers.add("Cache-Control", "no-cache");
    return r;
}

QByteArray StatsPage::html() const {
    QByteArray h =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Statistics Report for "
        "infrastage lb</title><style>body{font-family:sans-serif}table{border-collapse:"
        "collapse}td,th{border:1px solid #999;padding:2px 8px}.UP{background:#c0f0c0}"
        ".DOWN{background:#f0a0a0}</style></head><body><h1>Statistics Report: ";
    h += m_node.toHtmlEscaped().toUtf8();
    h += "</h1><p>balance ";
    h += m_algorithm.toUtf8();
    h += ", requests ";
    h += QByteArray::number(m_counters->requests);
    h += ", retries ";
    h += QByteArray::number(m_counters->retries);
    h += "</p><table><tr><th>server</th><th>address</th><th>status</th><th>weight</th><th>backup</"
         "th>"
         "<th>in flight</th><th>requests</th><th>2xx</th><th>3xx</th><th>4xx</th><th>5xx</th>"
         "<th>failed checks</th><th>transitions</th><th>last check</th></tr>\n";
    for (const BackendServer &s : *m_servers) {
        const char *st = s.up ? "UP" : "DOWN";
        h += "<tr class=\"";
        h += st;
        h += "\"><td>" + s.config.id.toHtmlEscaped().toUtf8() + "</td><td>" +
             s.config.address.toString().toUtf8() + ':' + QByteArray::number(s.config.port) +
             "</td><td>" + st + "</td><td>" + QByteArray::number(s.config.weight) + "</td><td>" +
             (s.config.backup ? "Y" : "-") + "</td><td>" + QByteArray::number(s.inFlight) +
             "</td><td>" + QByteArray::number(s.requests) + "</td>";
        for (int c = 2; c <= 5; ++c)
            h += "<td>" + QByteArray::number(s.responses[c]) + "</td>";
        h += "<td>" + QByteArray::number(s.checkFailures) + "</td><td>" +
             QByteArray::number(s.transitions) + "</td><td>" +
             s.lastCheck.toHtmlEscaped().toUtf8() + "</td></tr>\n";
    }
    h += "</table></body></html>\n";
    return h;
}

QByteArray StatsPage::metrics(int clientConnections) const {
    QByteArray m;
    auto family = [&m](const char *name, const char *type, const char *help) {
        m += "# HELP ";
        m += name;
        m += ' ';
        m += help;
        m += "\n# TYPE ";
        m += name;
        m += ' ';
        m += type;
        m += '\n';
    };
    auto perServer = [&](const char *name, const char *type, const char *help, auto value) {
        family(name, type, help);
        for (const BackendServer &s : *m_servers)
            m += QByteArray(name) + "{server=\"" + label(s.config.id) + "\"} " +
                 QByteArray::number(value(s)) + '\n';
    };
    perServer("infrastage_lb_server_up", "gauge", "1 when the server is UP.",
              [](const BackendServer &s) { return qint64(s.up ? 1 : 0); });
    perServer("infrastage_lb_server_weight", "gauge", "Configured weight.",
              [](const BackendServer &s) { return qint64(s.config.weight); });
    perServer("infrastage_lb_server_in_flight", "gauge", "Requests or connections in progress.",
              [](const BackendServer &s) { return qint64(s.inFlight); });
    perServer("infrastage_lb_server_maxconn", "gauge", "Requests at once (0: no limit).",
              [](const BackendServer &s) { return qint64(s.config.maxconn); });
    perServer("infrastage_lb_server_queue", "gauge", "Requests waiting for this server alone.",
              [](const BackendServer &s) { return qint64(s.queued); });
    perServer("infrastage_lb_server_requests_total", "counter", "Requests sent, retries included.",
              [](const BackendServer &s) { return s.requests; });
    perServer("infrastage_lb_server_check_failures_total", "counter", "Failed health checks.",
              [](const BackendServer &s) { return s.checkFailures; });
    perServer("infrastage_lb_server_transitions_total", "counter", "UP/DOWN changes.",
              [](const BackendServer &s) { return s.transitions; });
    family("infrastage_lb_server_responses_total", "counter", "Responses by status class.");
    for (const BackendServer &s : *m_servers)
        for (int c = 1; c <= 5; ++c)
            m += "infrastage_lb_server_responses_total{server=\"" + label(s.config.id) +
                 "\",code=\"" + kClasses[c] + "\"} " + QByteArray::number(s.responses[c]) + '\n';
    family("infrastage_lb_requests_total", "counter", "Requests received from clients.");
    m += "infrastage_lb_requests_total " + QByteArray::number(m_counters->requests) + '\n';
    family("infrastage_lb_errors_total", "counter", "Responses generated by the load balancer.");
    for (auto it = m_counters->errors.begin(); it != m_counters->errors.end(); ++it)
        m += "infrastage_lb_errors_total{status=\"" + QByteArray::number(it.key()) + "\"} " +
             QByteArray::number(it.value()) + '\n';
    family("infrastage_lb_retries_total", "counter", "Retried connection attempts.");
    m += "infrastage_lb_retries_total " + QByteArray::number(m_counters->retries) + '\n';
    family("infrastage_lb_redispatches_total", "counter", "Retries sent to another server.");
    m += "infrastage_lb_redispatches_total " + QByteArray::number(m_counters->redispatches) + '\n';
    family("infrastage_lb_backend_queue", "gauge", "Requests waiting for any server.");
    m += "infrastage_lb_backend_queue " + QByteArray::number(m_counters->backendQueue) + '\n';
    family("infrastage_lb_queued_total", "counter", "Requests that waited in a queue.");
    m += "infrastage_lb_queued_total " + QByteArray::number(m_counters->queued) + '\n';
    family("infrastage_lb_queue_timeouts_total", "counter",
           "Requests dropped (503) by timeout queue.");
    m += "infrastage_lb_queue_timeouts_total " + QByteArray::number(m_counters->queueTimeouts) +
         '\n';
    family("infrastage_lb_client_connections", "gauge", "Open client connections.");
    m += "infrastage_lb_client_connections " + QByteArray::number(clientConnections) + '\n';
    return m;
}

QByteArray StatsPage::json() const {
    QJsonArray servers;
    for (const BackendServer &s : *m_servers) {
        QJsonObject classes;
        for (int c = 1; c <= 5; ++c)
            classes.insert(QLatin1String(kClasses[c]), double(s.responses[c]));
        servers.append(QJsonObject{{QStringLiteral("id"), s.config.id},
                                   {QStringLiteral("address"), s.config.address.toString()},
                                   {QStringLiteral("port"), s.config.port},
                                   {QStringLiteral("status"), s.up ? "UP" : "DOWN"},
                                   {QStringLiteral("weight"), s.config.weight},
                                   {QStringLiteral("backup"), s.config.backup},
                                   {QStringLiteral("in_flight"), s.inFlight},
                                   {QStringLiteral("maxconn"), s.config.maxconn},
                                   {QStringLiteral("queued"), s.queued},
                                   {QStringLiteral("requests"), double(s.requests)},
                                   {QStringLiteral("responses"), classes},
                                   {QStringLiteral("check_failures"), double(s.checkFailures)},
                                   {QStringLiteral("last_check"), s.lastCheck}});
    }
    const QJsonObject o{{QStringLiteral("node"), m_node},
                        {QStringLiteral("algorithm"), m_algorithm},
                        {QStringLiteral("requests"), double(m_counters->requests)},
                        {QStringLiteral("retries"), double(m_counters->retries)},
                        {QStringLiteral("backend_queue"), m_counters->backendQueue},
                        {QStringLiteral("queue_timeouts"), double(m_counters->queueTimeouts)},
                        {QStringLiteral("servers"), servers}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace infrastage::roles::lb
