// prometheus.yml for each standalone monitoring host: node exporters on the hosts carrying a
// monitoring agent or linked to the monitoring host, HAProxy's built-in exporter on every
// load balancer with stats, mysqld exporters beside the databases of monitored hosts; and
// alerts.yml, the alert rules the emulator's monitor evaluates (monitoring/alertrules.cpp).
#include "configwriter.h"

#include "monitoring/alertrules.h"
#include "monitoring/exporterports.h"
#include "monitoring/replicationcluster.h"

namespace infrastage {

namespace {

// One scrape job; `clusters` labels targets with their databases' replication group, which
// the split-brain rule counts by (one static_configs entry per group).
QString job(const QString &name, const QString &path, const QStringList &targets,
            const QMap<QString, QString> &clusters = {}) {
    QString s = QStringLiteral("  - job_name: %1\n").arg(name);
    if (!path.isEmpty())
        s += QStringLiteral("    metrics_path: %1\n").arg(path);
    s += QStringLiteral("    static_configs:\n");
    QMap<QString, QStringList> groups; // cluster ("" for none) -> targets, in order
    for (const QString &t : targets)
        groups[clusters.value(t)].append(t);
    for (auto g = groups.cbegin(); g != groups.cend(); ++g) {
        s += QStringLiteral("      - targets:\n");
        for (const QString &t : g.value())
            s += QStringLiteral("          - \"%1\"\n").arg(t);
        if (!g.key().isEmpty())
            s += QStringLiteral("        labels:\n          cluster: \"%1\"\n").arg(g.key());
    }
    return s;
}

QString render(const ConfigContext &ctx, const Node &monitor) {
    const TopologyData &t = ctx.topology();
    QStringList watched; // host ids
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Monitoring && !n.parent.isEmpty() && !watched.contains(n.parent))
            watched.append(n.parent);
    }
    for (const Link *l : t.linksFrom(monitor.id)) {
        const Node *to = t.node(l->to);
        if (to && !watched.contains(ctx.host(*to).id))
            watched.append(ctx.host(*to).id);
    }
    QStringList nodes, haproxy, mysqld;
    QMap<QString, QString> clusters; // mysqld target -> its database's replication group
    for (const QString &id : watched) {
        const Node *h = t.node(id);
        if (!h || h->kind == NodeKind::Client)
            continue;
        nodes.append(ctx.address(*h) + QStringLiteral(":%1").arg(monitoring::kNodeExporterPort));
        if (const Node *db = t.child(id, NodeKind::Database)) {
            mysqld.append(ctx.address(*h) +
                          QStringLiteral(":%1").arg(monitoring::kMysqldExporterPort));
            clusters.insert(mysqld.last(), monitoring::replicationCluster(t, db->id));
        }
    }
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::LoadBalancer && n.flag(QStringLiteral("stats")))
            haproxy.append(QStringLiteral("%1:%2")
                               .arg(ctx.address(n))
                               .arg(n.number(QStringLiteral("stats_port"))));
    }
    const QString interval =
        monitoring::AlertRules::duration(monitor.number(QStringLiteral("scrape_interval")));
    QString s = QStringLiteral("# Prometheus on %1 (%2). Exported by Infrastage.\n"
                               "# Check: promtool check config prometheus.yml\n\n"
                               "global:\n  scrape_interval: %3\n  evaluation_interval: %3\n\n"
                               "rule_files:\n  - alerts.yml\n\n"
                               "scrape_configs:\n")
                    .arg(monitor.name, monitor.text(QStringLiteral("ip")), interval);
    s += job(QStringLiteral("prometheus"), QString(), {QStringLiteral("localhost:9090")});
    if (!nodes.isEmpty())
        s += job(QStringLiteral("node"), QString(), nodes);
    if (!haproxy.isEmpty())
        s += job(QStringLiteral("haproxy"), QStringLiteral("/metrics"), haproxy);
    if (!mysqld.isEmpty())
        s += job(QStringLiteral("mysqld"), QString(), mysqld, clusters);
    return s;
}

class PrometheusConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("prometheus"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind == NodeKind::Monitoring && n.parent.isEmpty() &&
                n.text(QStringLiteral("tool")) == QLatin1String("prometheus")) {
                out.append({ConfigContext::hostDir(n) + QStringLiteral("/prometheus.yml"),
                            render(ctx, n).toUtf8()});
                const QString header =
                    QStringLiteral("# Alert rules of %1, the ones the emulator's monitor "
                                   "evaluates. Exported by Infrastage.\n# Check: promtool check "
                                   "rules alerts.yml\n")
                        .arg(n.name);
                out.append({ConfigContext::hostDir(n) + QStringLiteral("/alerts.yml"),
                            (header + monitoring::AlertRules::prometheusYaml(
                                          monitoring::AlertRules::forMonitor(n), n.name))
                                .toUtf8()});
            }
        }
        return out;
    }
};

const PrometheusConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
