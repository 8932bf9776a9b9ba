// docker-compose.yml running the whole design on one host with the engines' official images.
// Each design server is one network namespace: its first container holds it and the others
// join it (network_mode: service:...), so "127.0.0.1:8000" in nginx.conf means what it means
// on the real server. The configs it mounts are the ones under compose/, written by the same
// writers with service names in place of design IPs.
#include "configwriter.h"

namespace infrastage {

namespace {

QString q(const QString &s) {
    QString e = s;
    e.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    e.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + e + QLatin1Char('"');
}

class ComposeConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("compose"); }

    QList<ConfigFile> files(const ConfigContext &hosts) const override {
        if (hosts.compose())
            return {};
        const ConfigContext ctx(hosts.topology(), ConfigContext::Target::Compose);
        const TopologyData &t = ctx.topology();
        QString s = QStringLiteral("# The whole design on one host with the official images. "
                                   "Exported by Infrastage.\n"
                                   "# Check: docker-compose config    Run: docker-compose up -d\n"
                                   "version: \"3.8\"\n\nservices:\n");
        QStringList volumes;
        bool publishedLb = false;
        for (const Node &n : t.nodes()) {
            if (n.kind == NodeKind::LoadBalancer) {
                s += service(n.id, QStringLiteral("haproxy:2.6"));
                s += QStringLiteral("    volumes:\n      - %1\n")
                         .arg(q(QStringLiteral("./compose/hosts/%1/haproxy.cfg:/usr/local/etc/"
                                               "haproxy/haproxy.cfg:ro")
                                    .arg(n.id)));
                if (n.flag(QStringLiteral("tls")))
                    s += QStringLiteral("      - \"./certs:/etc/haproxy/certs:ro\"\n");
                s += QStringLiteral("    sysctls:\n      net.ipv4.ip_unprivileged_port_start: 0\n");
                if (!publishedLb) { // one host has one port 80
                    publishedLb = true;
                    s += QStringLiteral("    ports:\n      - \"%1:%1\"\n")
                             .arg(n.number(QStringLiteral("port")));
                    if (n.flag(QStringLiteral("tls")))
                        s += QStringLiteral("      - \"%1:%1\"\n")
                                 .arg(n.number(QStringLiteral("tls_port")));
                    if (n.flag(QStringLiteral("stats")))
                        s += QStringLiteral("      - \"%1:%1\"\n")
                                 .arg(n.number(QStringLiteral("stats_port")));
                }
                QStringList deps;
                for (const Link *l : t.linksFrom(n.id)) {
                    const Node *to = t.node(l->to);
                    if (l->kind == LinkKind::Backend && to &&
                        !deps.contains(ctx.composeService(ctx.host(*to))))
                        deps.append(ctx.composeService(ctx.host(*to)));
                }
                s += dependsOn(deps);
            } else if (n.kind == NodeKind::Server) {
                s += serverServices(ctx, n, &volumes);
            } else if (n.kind == NodeKind::Monitoring && n.parent.isEmpty() &&
                       n.text(QStringLiteral("tool")) == QLatin1String("prometheus")) {
                s += service(n.id, QStringLiteral("prom/prometheus:v2.42.0"));
                s += QStringLiteral("    volumes:\n      - %1\n    ports:\n      - \"9090:9090\"\n")
                         .arg(q(QStringLiteral("./compose/hosts/%1/prometheus.yml:/etc/prometheus/"
                                               "prometheus.yml:ro")
                                    .arg(n.id)));
            }
        }
        if (!volumes.isEmpty()) {
            s += QStringLiteral("\nvolumes:\n");
            for (const QString &v : volumes)
                s += QStringLiteral("  %1: {}\n").arg(v);
        }
        return {{QStringLiteral("docker-compose.yml"), s.toUtf8()}};
    }

private:
    static QString service(const QString &name, const QString &image) {
        return QStringLiteral("  %1:\n    image: %2\n    restart: unless-stopped\n")
            .arg(name, image);
    }

    static QString dependsOn(const QStringList &deps) {
        if (deps.isEmpty())
            return QString();
        QString s = QStringLiteral("    depends_on:\n");
        for (const QString &d : deps)
            s += QStringLiteral("      - %1\n").arg(d);
        return s;
    }

    static QString serverServices(const ConfigContext &ctx, const Node &server,
                                  QStringList *volumes) {
        const TopologyData &t = ctx.topology();
        const QString anchor = ctx.composeService(server);
        const QString dir = QStringLiteral("./compose/hosts/") + server.id;
        auto join = [&](const QString &name) {
            return name == anchor
                       ? QString()
                       : QStringLiteral(
                             "    network_mode: \"service:%1\"\n    depends_on:\n      - %1\n")
                             .arg(anchor);
        };
        QString s;
        const Node *files = t.child(server.id, NodeKind::Files);
        const QString root =
            files ? files->text(QStringLiteral("root")) : QStringLiteral("/var/www/html");
        if (const Node *web = t.child(server.id, NodeKind::Web)) {
            s += service(web->id, QStringLiteral("nginx:1.22"));
            s += QStringLiteral("    volumes:\n      - %1\n      - %2\n")
                     .arg(q(dir + QStringLiteral("/nginx.conf:/etc/nginx/nginx.conf:ro")),
                          q(QStringLiteral("./site:%1:ro").arg(root)));
            s += join(web->id);
        }
        if (const Node *app = t.child(server.id, NodeKind::App)) {
            // A stand-in until your application's image replaces it: serves the files.
            s += service(app->id, QStringLiteral("python:3.11-slim"));
            s += QStringLiteral("    command: [\"python3\", \"-m\", \"http.server\", \"%1\", "
                                "\"--directory\", \"/srv/app\"]\n    volumes:\n      - "
                                "\"./site:/srv/app:ro\"\n")
                     .arg(app->number(QStringLiteral("port")));
            s += join(app->id);
        }
        for (const Node *db : t.children(server.id)) {
            if (db->kind != NodeKind::Database)
                continue;
            s += service(db->id, QStringLiteral("mariadb:10.11"));
            s += QStringLiteral(
                     "    environment:\n      MARIADB_ROOT_PASSWORD: \"change-me-root\"\n"
                     "    volumes:\n      - %1\n      - %2\n      - \"%3-data:/var/lib/mysql\"\n")
                     .arg(q(dir + QStringLiteral("/my.cnf:/etc/mysql/conf.d/60-infrastage.cnf:ro")),
                          q(dir +
                            QStringLiteral(
                                "/replication.sql:/docker-entrypoint-initdb.d/replication.sql:ro")),
                          db->id);
            volumes->append(db->id + QStringLiteral("-data"));
            QString joined = join(db->id);
            for (const Link *l : t.linksTo(db->id)) {
                const Node *primary = t.node(l->from);
                if (l->kind == LinkKind::Replication && primary && joined.isEmpty())
                    joined = QStringLiteral("    depends_on:\n      - %1\n").arg(primary->id);
                else if (l->kind == LinkKind::Replication && primary)
                    joined += QStringLiteral("      - %1\n").arg(primary->id);
            }
            s += joined;
        }
        for (const Node *agent : t.children(server.id)) {
            if (agent->kind == NodeKind::Monitoring) {
                s += service(agent->id, QStringLiteral("prom/node-exporter:v1.5.0"));
                s += join(agent->id);
            }
        }
        return s;
    }
};

const ComposeConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
