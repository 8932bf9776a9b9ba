// An Ansible inventory (the design's hosts at their design IPs, grouped by role) and a playbook
// that deploys every exported config: each file is checked by its engine before it replaces
// the old one (validate), the old one is kept (backup) and services reload only on change.
// Re-running it puts drifted machines back to the design; a rollback is a re-run of an older
// export.
#include "configwriter.h"

namespace infrastage {

namespace {

struct Play {
    const char *group;
    const char *title;
    const char *packages;
    const char *file;     // in hosts/<host>/
    const char *dest;     // on the machine
    const char *validate; // the engine's own check; empty: none
    const char *service;
    const char *action; // reloaded / restarted
};

const Play kPlays[] = {
    {"loadbalancers", "Load balancers: HAProxy", "haproxy", "haproxy.cfg",
     "/etc/haproxy/haproxy.cfg", "haproxy -c -f %s", "haproxy", "reloaded"},
    {"vrrp", "Load balancer pairs: keepalived", "keepalived", "keepalived.conf",
     "/etc/keepalived/keepalived.conf", "keepalived --config-test -f %s", "keepalived",
     "restarted"},
    {"webservers", "Web servers: Nginx", "nginx", "nginx.conf", "/etc/nginx/nginx.conf",
     "nginx -t -c %s", "nginx", "reloaded"},
    {"databases", "Databases: MariaDB", "mariadb-server", "my.cnf",
     "/etc/mysql/mariadb.conf.d/60-infrastage.cnf", "", "mariadb", "restarted"},
    {"firewalls", "Firewalls: nftables", "nftables", "nftables.conf", "/etc/nftables.conf",
     "nft -c -f %s", "nftables", "restarted"},
    {"monitoring", "Monitoring: Prometheus", "prometheus", "prometheus.yml",
     "/etc/prometheus/prometheus.yml", "promtool check config %s", "prometheus", "reloaded"},
};

QString groupOf(const ConfigContext &ctx, const Node &host, const QString &group) {
    const TopologyData &t = ctx.topology();
    if (group == QLatin1String("loadbalancers"))
        return host.kind == NodeKind::LoadBalancer ? host.id : QString();
    if (group == QLatin1String("vrrp")) {
        if (host.kind != NodeKind::LoadBalancer || host.text(QStringLiteral("vip")).isEmpty())
            return QString();
        for (const Node &n : t.nodes()) {
            if (n.id != host.id &&
                n.text(QStringLiteral("vip")) == host.text(QStringLiteral("vip")) &&
                n.kind == NodeKind::LoadBalancer)
                return host.id;
        }
        return QString();
    }
    if (group == QLatin1String("webservers"))
        return t.child(host.id, NodeKind::Web) ? host.id : QString();
    if (group == QLatin1String("databases"))
        return t.child(host.id, NodeKind::Database) ? host.id : QString();
    if (group == QLatin1String("firewalls"))
        return host.kind == NodeKind::Firewall || t.child(host.id, NodeKind::Firewall) ? host.id
                                                                                       : QString();
    if (group == QLatin1String("monitoring"))
        return host.kind == NodeKind::Monitoring &&
                       host.text(QStringLiteral("tool")) == QLatin1String("prometheus")
                   ? host.id
                   : QString();
    return QString();
}

QString rootOf(const ConfigContext &ctx) {
    for (const Node &n : ctx.topology().nodes()) {
        if (n.kind == NodeKind::Files)
            return n.text(QStringLiteral("root"));
    }
    return QStringLiteral("/var/www/html");
}

QString inventory(const ConfigContext &ctx) {
    QString s =
        QStringLiteral("# The design's machines at their design IPs. Exported by Infrastage.\n"
                       "# Use: ansible-playbook -i inventory.ini playbook.yml\n");
    for (const Play &p : kPlays) {
        s += QStringLiteral("\n[%1]\n").arg(QLatin1String(p.group));
        for (const Node &n : ctx.topology().nodes()) {
            if (n.parent.isEmpty() && !groupOf(ctx, n, QLatin1String(p.group)).isEmpty())
                s += QStringLiteral("%1 ansible_host=%2\n").arg(n.id, n.text(QStringLiteral("ip")));
        }
    }
    return s;
}

QString playbook(const ConfigContext &ctx) {
    QString s =
        QStringLiteral("# Deploys every exported config to the design's machines. Exported by "
                       "Infrastage.\n# Check: ansible-playbook -i inventory.ini playbook.yml "
                       "--syntax-check\n# Dry run: add --check --diff\n");
    const QString files = QStringLiteral("{{ playbook_dir }}/../hosts/{{ inventory_hostname }}");
    for (const Play &p : kPlays) {
        s += QStringLiteral("\n- name: \"%1\"\n  hosts: %2\n  become: true\n  tasks:\n")
                 .arg(QLatin1String(p.title), QLatin1String(p.group));
        s += QStringLiteral("    - name: Install %1\n      ansible.builtin.apt:\n        name: %1\n"
                            "        state: present\n        update_cache: true\n")
                 .arg(QLatin1String(p.packages));
        s +=
            QStringLiteral("    - name: Deploy %1 (checked first, the old one kept)\n"
                           "      ansible.builtin.copy:\n        src: \"%2/%1\"\n        dest: %3\n"
                           "        mode: \"0644\"\n        backup: true\n")
                .arg(QLatin1String(p.file), files, QLatin1String(p.dest));
        if (*p.validate)
            s += QStringLiteral("        validate: \"%1\"\n").arg(QLatin1String(p.validate));
        s += QStringLiteral("      notify: Apply %1\n").arg(QLatin1String(p.service));
        if (QLatin1String(p.group) == QLatin1String("webservers"))
            s += QStringLiteral(
                     "    - name: Deploy the application files\n"
                     "      ansible.builtin.copy:\n        src: \"{{ playbook_dir }}/../site/\"\n"
                     "        dest: \"%1/\"\n        mode: \"0644\"\n")
                     .arg(rootOf(ctx));
        if (QLatin1String(p.group) == QLatin1String("databases"))
            s += QStringLiteral(
                     "    - name: Apply the new my.cnf before setting up replication\n"
                     "      ansible.builtin.meta: flush_handlers\n"
                     "    - name: Copy the replication set-up\n"
                     "      ansible.builtin.copy:\n        src: \"%1/replication.sql\"\n"
                     "        dest: /root/infrastage-replication.sql\n        mode: \"0600\"\n"
                     "    - name: Set up users and replication once\n"
                     "      ansible.builtin.shell: mariadb < /root/infrastage-replication.sql "
                     "&& touch /root/infrastage-replication.done\n"
                     "      args:\n        creates: /root/infrastage-replication.done\n")
                     .arg(files);
        s += QStringLiteral("  handlers:\n    - name: Apply %1\n      ansible.builtin.service:\n"
                            "        name: %1\n        state: %2\n")
                 .arg(QLatin1String(p.service), QLatin1String(p.action));
    }
    return s;
}

class AnsibleConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("ansible"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        if (ctx.compose())
            return {};
        return {{QStringLiteral("ansible/inventory.ini"), inventory(ctx).toUtf8()},
                {QStringLiteral("ansible/playbook.yml"), playbook(ctx).toUtf8()}};
    }
};

const AnsibleConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
