// haproxy.cfg for each load balancer: frontends, the backend with its algorithm, weights and
// health checks, TLS termination with the HTTP -> HTTPS redirect, and the stats page.
#include "configwriter.h"

namespace infrastage {

namespace {

struct Backend {
    QString name;
    QString address;
    qint64 port = 80;
    qint64 weight = 1;
    bool backup = false;
    qint64 maxconn = 0;
};

QList<Backend> backends(const ConfigContext &ctx, const Node &lb) {
    QList<Backend> out;
    const TopologyData &t = ctx.topology();
    for (const Link *l : t.linksFrom(lb.id)) {
        const Node *target = t.node(l->to);
        if (l->kind != LinkKind::Backend || !target)
            continue;
        const Node &host = ctx.host(*target);
        const Node *web = target->kind == NodeKind::Web ? target : t.child(host.id, NodeKind::Web);
        Backend b;
        b.name = host.id;
        for (const Backend &other : out) {
            if (other.name == b.name)
                b.name = target->id; // two web servers on one host
        }
        b.address = ctx.address(host);
        b.port = web ? web->number(QStringLiteral("port")) : 80;
        b.weight = l->number(QStringLiteral("weight"));
        b.backup = l->flag(QStringLiteral("backup"));
        b.maxconn = l->number(QStringLiteral("maxconn"));
        out.append(b);
    }
    return out;
}

// The name the certificate is for: the DNS record pointing here, else the backends' name.
QString siteName(const ConfigContext &ctx, const Node &lb) {
    for (const Link &l : ctx.topology().links()) {
        if (l.kind == LinkKind::DnsRecord && l.to == lb.id)
            return l.text(QStringLiteral("name"));
    }
    for (const Link *l : ctx.topology().linksFrom(lb.id)) {
        const Node *web = ctx.topology().node(l->to);
        if (web && web->kind == NodeKind::Web &&
            !web->text(QStringLiteral("server_name")).isEmpty())
            return web->text(QStringLiteral("server_name"));
    }
    return QStringLiteral("site");
}

QString render(const ConfigContext &ctx, const Node &lb) {
    const bool http = lb.text(QStringLiteral("mode")) == QLatin1String("http");
    const bool tls = lb.flag(QStringLiteral("tls"));
    const bool vip = !lb.text(QStringLiteral("vip")).isEmpty() && !ctx.compose();
    // With a virtual IP the backup holds no address until keepalived moves it there, so it
    // listens on every address rather than fail to bind the VIP.
    const QString bind = vip || ctx.compose() ? QStringLiteral("*") : ctx.bindAddress(lb);
    QString s;
    s += QStringLiteral("# HAProxy for %1 (%2), exported by Infrastage.\n# Check: haproxy -c -f "
                        "haproxy.cfg\n\n")
             .arg(lb.name, lb.text(QStringLiteral("ip")));
    s += QStringLiteral("global\n    log stdout format raw local0\n    maxconn 4096\n");
    if (!ctx.compose())
        s += QStringLiteral("    user haproxy\n    group haproxy\n");
    if (tls)
        s += QStringLiteral("    ssl-default-bind-options ssl-min-ver TLSv1.2\n");
    s += QStringLiteral("\ndefaults\n    mode %1\n    log global\n").arg(http ? "http" : "tcp");
    s += http ? QStringLiteral("    option httplog\n    option forwardfor\n")
              : QStringLiteral("    option tcplog\n");
    s += QStringLiteral("    option dontlognull\n    retries %1\n")
             .arg(lb.number(QStringLiteral("retries")));
    if (lb.flag(QStringLiteral("redispatch")))
        s += QStringLiteral("    option redispatch\n");
    s += QStringLiteral(
             "    timeout connect %1ms\n    timeout client %2ms\n    timeout server %3ms\n")
             .arg(lb.number(QStringLiteral("timeout_connect")))
             .arg(lb.number(QStringLiteral("timeout_client")))
             .arg(lb.number(QStringLiteral("timeout_server")));
    s += QStringLiteral("    timeout queue %1ms\n").arg(lb.number(QStringLiteral("timeout_queue")));
    if (http) {
        // As the emulator: the request timeout covers the body it buffers and the wait for a
        // connection's first request; an idle keep-alive connection lives "timeout client".
        s += QStringLiteral("    timeout http-request %1ms\n    timeout http-keep-alive %2ms\n"
                            "    option http-buffer-request\n")
                 .arg(lb.number(QStringLiteral("timeout_http_request")))
                 .arg(lb.number(QStringLiteral("timeout_client")));
    }

    if (ctx.compose())
        s += QStringLiteral("\nresolvers docker\n    nameserver dns 127.0.0.11:53\n"
                            "    hold valid 10s\n");
    s += QStringLiteral("\nfrontend www\n    bind %1:%2\n")
             .arg(bind)
             .arg(lb.number(QStringLiteral("port")));
    if (lb.number(QStringLiteral("maxconn")) > 0)
        s += QStringLiteral("    maxconn %1\n").arg(lb.number(QStringLiteral("maxconn")));
    if (tls) {
        s += QStringLiteral("    bind %1:%2 ssl crt /etc/haproxy/certs/%3.pem\n")
                 .arg(bind)
                 .arg(lb.number(QStringLiteral("tls_port")))
                 .arg(siteName(ctx, lb));
        if (http && lb.flag(QStringLiteral("redirect_http")))
            s += QStringLiteral(
                "    http-request redirect scheme https code 301 unless { ssl_fc }\n");
        if (http)
            s += QStringLiteral(
                "    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n");
    }
    s += QStringLiteral("    default_backend web_servers\n");

    const QString algorithm = lb.text(QStringLiteral("algorithm"));
    s += QStringLiteral("\nbackend web_servers\n    balance %1\n").arg(algorithm);
    if (http) {
        s += QStringLiteral("    option httpchk\n    http-check send meth GET uri %1\n"
                            "    http-check expect status 200\n")
                 .arg(lb.text(QStringLiteral("check_path")));
    }
    if (ctx.compose()) // containers may start in any order: resolve names when they appear
        s += QStringLiteral("    default-server init-addr last,libc,none resolvers docker\n");
    const QList<Backend> servers = backends(ctx, lb);
    if (servers.isEmpty())
        s += QStringLiteral("    # no backend is linked to this load balancer in the design\n");
    for (const Backend &b : servers) {
        // Server queues are the emulator's in http mode only (docs/roles.md).
        const bool maxconn = b.maxconn > 0 && http;
        s += QStringLiteral("    server %1 %2:%3 check inter %4 fall %5 rise %6 weight %7%8%9\n")
                 .arg(b.name, b.address)
                 .arg(b.port)
                 .arg(lb.number(QStringLiteral("check_inter")))
                 .arg(lb.number(QStringLiteral("check_fall")))
                 .arg(lb.number(QStringLiteral("check_rise")))
                 .arg(b.weight)
                 .arg(maxconn ? QStringLiteral(" maxconn %1").arg(b.maxconn) : QString(),
                      b.backup ? QStringLiteral(" backup") : QString());
    }
    if (lb.flag(QStringLiteral("stats"))) {
        s += QStringLiteral(
                 "\nlisten stats\n    mode http\n    bind %1:%2\n    stats enable\n"
                 "    stats uri /stats\n    stats refresh 10s\n"
                 "    http-request use-service prometheus-exporter if { path /metrics }\n")
                 .arg(ctx.compose() ? QStringLiteral("*") : ctx.bindAddress(lb))
                 .arg(lb.number(QStringLiteral("stats_port")));
    }
    return s;
}

class HaproxyConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("haproxy"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind == NodeKind::LoadBalancer)
                out.append({ConfigContext::hostDir(n) + QStringLiteral("/haproxy.cfg"),
                            render(ctx, n).toUtf8()});
        }
        return out;
    }
};

const HaproxyConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
