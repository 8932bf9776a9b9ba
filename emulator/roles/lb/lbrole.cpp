#include "lbrole.h"

#include "connectionlimit.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "fastevent.h"
#include "healthchecker.h"
#include "httpproxy.h"
#include "statspage.h"
#include "tcpproxy.h"

namespace infrastage::roles::lb {

namespace {
RoleRegistration registration("lb", [] { return std::make_unique<LbRole>(); });
} // namespace

LbRole::LbRole() = default;
LbRole::~LbRole() = default;

bool LbRole::start(const QJsonObject &config, QString *error) {
    if (!LbConfig::fromJson(config, &m_config, error))
        return false;
    for (const LbServerConfig &sc : std::as_const(m_config.servers)) {
        BackendServer s;
        s.config = sc;
        if (m_config.mode == QLatin1String("tcp"))
            s.config.maxconn = 0; // server queues are http mode's (docs/roles.md)
        s.addressText = sc.address.toString();
        const QByteArray server = FastEvent::field("server", sc.id);
        const QByteArray at = FastEvent::field("address", s.addressText) + ',' +
                              FastEvent::field("port", qint64(sc.port));
        // lb.choice's fields, the algorithm's included: one copy per line.
        s.choiceFields = server + ',' + FastEvent::field("host", sc.host) + ',' + at + ',' +
                         FastEvent::field("algorithm", m_config.algorithm);
        s.forwardFields = server + ',' + at;
        s.serverField = server;
        m_servers.append(s);
    }
    m_balancer = std::make_unique<Balancer>(&m_servers, m_config.algorithm);
    const bool tracingOn = config.value(QLatin1String("tracing")).toBool(true);
    m_tracingOn = tracingOn;
    m_balancer->setExplain(tracingOn); // reasons are read only in events
    const QString node = config.value(QLatin1String("node")).toString(QStringLiteral("lb"));
    QJsonObject extra{{QStringLiteral("mode"), m_config.mode},
                      {QStringLiteral("algorithm"), m_config.algorithm},
                      {QStringLiteral("servers"), int(m_servers.size())}};
    QString address;
    int port = 0;
    if (m_config.mode == QLatin1String("tcp")) {
        http::ListenSpec spec;
        if (!http::ListenSpec::fromJson(config.value(QLatin1String("listen")),
                                        QStringLiteral("listen"), &spec, error))
            return false;
        m_tcp = new TcpProxy(&m_servers, m_balancer.get(), m_config, &m_filter, tracingOn, this);
        if (makeLimit())
            m_tcp->setConnectionLimit(m_limit.get());
        if (!m_tcp->listen(spec, error))
            return false;
        m_listenAddress = spec.address;
        address = m_tcp->address().toString();
        port = m_tcp->port();
    } else {
        m_http = new HttpProxy(&m_servers, m_balancer.get(), &m_pool, m_config, &m_counters,
                               tracingOn, this);
        m_server.setHandler([this](const http::ServerRequest &r, const http::Responder &resp) {
            m_http->handle(r, resp);
        });
        http::HttpServer::Options o;
        o.bodyLimit = 16 * 1024 * 1024;
        // "timeout http-request" bounds a whole request (the body is buffered, as with
        // "option http-buffer-request") and the wait for a connection's first one; an idle
        // keep-alive connection lives "timeout client" ("timeout http-keep-alive" unset).
        o.requestTimeoutMs = m_config.httpRequestMs;
        o.idleTimeoutMs = m_config.clientMs;
        o.firstRequestTimed = true;
        QJsonObject c = config;
        c.remove(QLatin1String("timeouts")); // the lb's timeouts are read by LbConfig
        if (makeLimit())
            m_server.setConnectionLimit(m_limit.get());
        if (!startServer(c, o, error))
            return false;
        address = m_server.address().toString();
        port = m_server.port();
        if (!m_config.certificatePath.isEmpty() && !startHttps(error))
            return false;
    }
    if (m_config.hasStats) {
        m_stats = new http::HttpServer(this);
        m_stats->setFirewallListener(QStringLiteral("stats"));
        m_statsPage =
            std::make_unique<StatsPage>(&m_servers, &m_counters, node, m_config.algorithm);
        m_stats->setHandler([this](const http::ServerRequest &r, const http::Responder &resp) {
            resp.send(m_statsPage->respond(r.request, m_http ? m_server.connectionCount()
                                                             : m_tcp->connectionCount()));
        });
        if (!m_stats->listen(m_config.stats, error))
            return false;
        extra.insert(QStringLiteral("stats_address"), m_stats->address().toString());
        extra.insert(QStringLiteral("stats_port"), m_stats->port());
    }
    if (m_https)
        extra.insert(QStringLiteral("https_port"), m_https->port());
    else if (m_config.hasHttps)
        extra.insert(QStringLiteral("https_port"), m_config.httpsPort);
    m_checker = new HealthChecker(&m_servers, m_config, &m_filter, m_listenAddress, this);
    connect(m_checker, &HealthChecker::transition, this,
            [this](int index, bool up, const ServerProbe::Result &r) {
                onTransition(index, up, r.check, r.code, r.durationUs);
            });
    connect(m_checker, &HealthChecker::checked, this,
            [this](int index, const ServerProbe::Result &r) {
                if (!EventEmitter::detail())
                    return;
                EventEmitter::emitEvent(
                    EventKind::LbCheck,
                    QJsonObject{{QStringLiteral("server"), m_servers.at(index).config.id},
                                {QStringLiteral("ok"), r.ok},
                                {QStringLiteral("check"), r.check},
                                {QStringLiteral("code"), r.code},
                                {QStringLiteral("duration_us"), r.durationUs}});
            });
    m_checker->start();
    if (config.contains(QLatin1String("vrrp")) && !startVrrp(config, &extra, error))
        return false;
    EventEmitter::ready(address, port, extra);
    return true;
}

bool LbRole::makeLimit() {
    if (m_config.maxconn <= 0)
        return false;
    m_limit = std::make_unique<http::ConnectionLimit>(m_config.maxconn);
    m_limit->setObserver([this](bool full) { onFrontendFull(full); });
    return true;
}

void LbRole::onFrontendFull(bool full) {
    if (!tracing())
        return;
    FastEvent(full ? EventKind::LbFrontendFull : EventKind::LbFrontendResumed, QByteArray())
        .add("connections", m_limit->open())
        .add("maxconn", m_limit->max())
        .send();
}

void LbRole::onTransition(int index, bool up, const QString &check, int code, qint64 durationUs) {
    int upCount = 0;
    for (const BackendServer &s : std::as_const(m_servers))
        upCount += s.up ? 1 : 0;
    const BackendServer &s = m_servers.at(index);
    std::fprintf(stderr, "Server %s is %s, reason: %s\n", qPrintable(s.config.id),
                 up ? "UP" : "DOWN", qPrintable(check));
    EventEmitter::emitEvent(EventKind::LbHealth,
                            QJsonObject{{QStringLiteral("server"), s.config.id},
                                        {QStringLiteral("from"), up ? "DOWN" : "UP"},
                                        {QStringLiteral("to"), up ? "UP" : "DOWN"},
                                        {QStringLiteral("check"), check},
                                        {QStringLiteral("code"), code},
                                        {QStringLiteral("duration_us"), durationUs},
                                        {QStringLiteral("up_servers"), upCount}});
    EventEmitter::flush();
    if (m_http)
        m_http->serverChanged(index, up);
}

// HTTPS on the listener's address and https.port: the same proxy behind TLS. A handshake that
// fails (a client that does not trust the run's certificate, bytes that are not TLS) is one
// event and that connection closed; nothing else notices.
bool LbRole::startHttps(QString *error) {
    m_https = newFrontend(true, error);
    if (!m_https)
        return false;
    http::ListenSpec spec;
    spec.address = m_listenAddress;
    spec.port = quint16(m_config.httpsPort);
    spec.fallback = true;
    return m_https->listen(spec, error);
}

http::HttpServer *LbRole::newFrontend(bool tls, QString *error) {
    auto *s = new http::HttpServer(this);
    s->setOptions(m_server.options());
    s->setPeerFilter(&m_filter);
    if (m_limit) // one frontend, several binds: one maxconn
        s->setConnectionLimit(m_limit.get());
    if (!tls) {
        s->setHandler([this](const http::ServerRequest &r, const http::Responder &resp) {
            m_http->handle(r, resp);
        });
        return s;
    }
    s->setFirewallListener(QStringLiteral("https"));
    QString why;
    if (!s->setTls(m_config.certificatePath, m_config.keyPath, &why)) {
        *error = QStringLiteral("https: %1").arg(why);
        delete s;
        return nullptr;
    }
    s->setHandler([this](const http::ServerRequest &r, const http::Responder &resp) {
        m_http->handle(r, resp, true);
    });
    connect(s, &http::HttpServer::handshakeFailed, this,
            [](const QHostAddress &peer, const QString &reason) {
                EventEmitter::emitEvent(EventKind::LbTlsFailed,
                                        QJsonObject{{QStringLiteral("client"), peer.toString()},
                                                    {QStringLiteral("reason"), reason}});
            });
    return s;
}

// The listeners beside m_server (which HttpRole handles): tcp mode's, HTTPS, the VIP's.
void LbRole::eachListener(const std::function<void(TcpProxy *)> &tcp,
                          const std::function<void(http::HttpServer *)> &http) {
    for (TcpProxy *t : {m_tcp, m_vipTcp})
        if (t)
            tcp(t);
    for (http::HttpServer *s : {m_https, m_vipServer, m_vipHttps})
        if (s)
            http(s);
}

void LbRole::onCut(const QHostAddress &peer) {
    eachListener([&](TcpProxy *t) { t->abortPeer(peer); },
                 [&](http::HttpServer *s) { s->abortPeer(peer); });
}

void LbRole::onInternetCut() {
    if (m_tcp)
        m_tcp->abortRefused();
    if (m_https)
        m_https->abortRefused();
}

void LbRole::onSlow(int ms) {
    eachListener([&](TcpProxy *t) { t->setExtraLatency(ms); },
                 [&](http::HttpServer *s) { s->setExtraLatency(ms); });
}

void LbRole::stop() {
    stopVrrp();
    HttpRole::stop();
    if (m_stats)
        m_stats->close();
    if (m_https)
        m_https->close();
}

} // namespace infrastage::roles::lb
