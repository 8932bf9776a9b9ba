// README.md of a configuration export: what each file is, where it goes, how to check it and
// the three ways to deploy (Ansible, by hand, docker-compose).
#include "configwriter.h"

namespace infrastage {

namespace {

QString render(const ConfigContext &ctx, const QList<ConfigFile> &files) {
    const TopologyData &t = ctx.topology();
    QString s = QStringLiteral("# %1: deployment files\n\n")
                    .arg(t.name.isEmpty() ? QStringLiteral("Design") : t.name);
    s += QStringLiteral(
        "Exported by Infrastage (`infrastage-cli export DESIGN --format configs -o DIR`). Every "
        "file is what the real engine runs; each was accepted by the engine's own checker in "
        "Infrastage's test suite.\n\n"
        "**Before deploying, change the placeholder passwords** (`change-me-...`) in "
        "`hosts/*/replication.sql` and `docker-compose.yml`.\n\n"
        "## Machines\n\n| host | design IP | files |\n|---|---|---|\n");
    for (const Node &n : t.nodes()) {
        if (!n.parent.isEmpty() || n.kind == NodeKind::Client || n.kind == NodeKind::Note)
            continue;
        QStringList mine;
        const QString dir = ConfigContext::hostDir(n) + QLatin1Char('/');
        for (const ConfigFile &f : files) {
            if (f.path.startsWith(dir))
                mine.append(QStringLiteral("`%1`").arg(f.path));
        }
        s += QStringLiteral("| %1 (%2) | %3 | %4 |\n")
                 .arg(n.name, nodeKindLabel(n.kind), n.text(QStringLiteral("ip")),
                      mine.isEmpty() ? QStringLiteral("none (not an engine Infrastage configures)")
                                     : mine.join(QStringLiteral(", ")));
    }
    s += QStringLiteral("\nDNS records to create at your DNS provider:\n\n");
    bool any = false;
    for (const Link &l : t.links()) {
        const Node *to = t.node(l.to);
        if (l.kind != LinkKind::DnsRecord || !to)
            continue;
        any = true;
        const QString value = l.text(QStringLiteral("value")).isEmpty()
                                  ? (to->text(QStringLiteral("vip")).isEmpty()
                                         ? ctx.host(*to).text(QStringLiteral("ip"))
                                         : to->text(QStringLiteral("vip")))
                                  : l.text(QStringLiteral("value"));
        s += QStringLiteral("- `%1 %2 %3 %4`\n")
                 .arg(l.text(QStringLiteral("name")))
                 .arg(l.number(QStringLiteral("ttl")))
                 .arg(l.text(QStringLiteral("type")), value);
    }
    if (!any)
        s += QStringLiteral("- none in the design\n");
    s += QStringLiteral(
        "\n## Deploy with Ansible (recommended)\n\n"
        "```sh\ncd ansible\nansible-playbook -i inventory.ini playbook.yml --syntax-check\n"
        "ansible-playbook -i inventory.ini playbook.yml --check --diff   # what would change\n"
        "ansible-playbook -i inventory.ini playbook.yml\n```\n\n"
        "Each config is checked by its engine on the machine before it replaces the old one "
        "(`validate:`), the old one is kept beside it (`backup: true`) and a service reloads "
        "only when its file changed. Re-running the playbook brings a drifted machine back to "
        "the design; rolling back is running the playbook of an older export. Replication is set "
        "up once per database (`/root/infrastage-replication.done`).\n\n"
        "## Deploy by hand\n\n"
        "| file | goes to | check | apply |\n|---|---|---|---|\n"
        "| `haproxy.cfg` | `/etc/haproxy/haproxy.cfg` | `haproxy -c -f FILE` | `systemctl reload "
        "haproxy` |\n"
        "| `keepalived.conf` | `/etc/keepalived/keepalived.conf` | `keepalived --config-test -f "
        "FILE` | `systemctl restart keepalived` |\n"
        "| `nginx.conf` | `/etc/nginx/nginx.conf` (and `site/` to the document root) | `nginx -t "
        "-c FILE` | `systemctl reload nginx` |\n"
        "| `my.cnf` | `/etc/mysql/mariadb.conf.d/60-infrastage.cnf` | `mariadbd --help --verbose "
        ">/dev/null` | `systemctl restart mariadb`, then `mariadb < replication.sql` (primary "
        "first) |\n"
        "| `nftables.conf` | `/etc/nftables.conf` | `nft -c -f FILE` | `systemctl restart "
        "nftables` |\n"
        "| `prometheus.yml` | `/etc/prometheus/prometheus.yml` | `promtool check config FILE` | "
        "`systemctl reload prometheus` |\n\n"
        "keepalived's `interface eth0` must name the interface holding the machine's address. "
        "Load balancers with HTTPS need their certificate (key and chain in one PEM) at the path "
        "in `haproxy.cfg` (`/etc/haproxy/certs/`); for a test, a self-signed one:\n\n"
        "```sh\nopenssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=www.foobar.com \\\n"
        "  -keyout key.pem -out cert.pem && cat cert.pem key.pem > www.foobar.com.pem\n```\n\n"
        "## Run it all on one machine with docker-compose\n\n"
        "```sh\ndocker-compose config   # check\ndocker-compose up -d\ncurl -i "
        "http://localhost/\n```\n\n"
        "`docker-compose.yml` runs each design server as one network namespace (HAProxy, Nginx, "
        "MariaDB and Prometheus from their official images) with the configs under `compose/`, "
        "which are the same configs with service names in place of design IPs. The application "
        "server is a stand-in (`python3 -m http.server`) until your application's image replaces "
        "it; DNS, firewalls and keepalived are left out, since one host has one kernel and one "
        "address. Certificates for HTTPS go in `certs/`.\n");
    return s;
}

class ReadmeConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("readme"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        if (ctx.compose())
            return {};
        QList<ConfigFile> all;
        for (const ConfigWriter *w : ConfigWriters::all()) {
            if (w != this)
                all += w->files(ctx);
        }
        return {{QStringLiteral("README.md"), render(ctx, all).toUtf8()}};
    }
};

const ReadmeConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
