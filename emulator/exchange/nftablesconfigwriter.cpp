// nftables rules for every firewall: a host firewall inside a server lets in the ports open
// to the Internet plus exactly the traffic the design's links need (load balancer -> Nginx,
// application -> database, replica -> primary, monitoring); a standalone firewall forwards
// only the open ports to the hosts behind it.
#include "configwriter.h"

#include "model/designaddress.h"

namespace infrastage {

namespace {

struct Rule {
    QStringList sources; // addresses; empty: anyone
    qint64 port;
    QString why;
};

QString set(const QStringList &items) {
    return items.size() == 1 ? items.first()
                             : QStringLiteral("{ %1 }").arg(items.join(QStringLiteral(", ")));
}

// Traffic into `server` that the design's links need, grouped by port.
QList<Rule> neededRules(const ConfigContext &ctx, const Node &server) {
    const TopologyData &t = ctx.topology();
    QList<Rule> rules;
    auto add = [&](const Node &from, qint64 port, const QString &why) {
        const Node &src = ctx.host(from);
        const QString ip = src.text(QStringLiteral("ip"));
        if (src.id == server.id || ip.isEmpty())
            return;
        for (Rule &r : rules) {
            if (r.port == port && r.why == why) {
                if (!r.sources.contains(ip))
                    r.sources.append(ip);
                return;
            }
        }
        rules.append({{ip}, port, why});
    };
    for (const Node *c : t.children(server.id)) {
        for (const Link *l : t.linksTo(c->id)) {
            const Node *from = t.node(l->from);
            if (!from)
                continue;
            if (l->kind == LinkKind::Backend)
                add(*from, c->number(QStringLiteral("port")),
                    QStringLiteral("load balancer -> web server"));
            else if (l->kind == LinkKind::Upstream)
                add(*from, c->number(QStringLiteral("port")),
                    QStringLiteral("web server -> application server"));
            else if (l->kind == LinkKind::Data)
                add(*from, c->number(QStringLiteral("port")),
                    QStringLiteral("application -> database"));
        }
        for (const Link *l : t.linksFrom(c->id)) {
            const Node *to = t.node(l->to);
            if (l->kind == LinkKind::Replication && to) // the replica connects to its primary
                add(*to, c->number(QStringLiteral("port")), QStringLiteral("replica -> primary"));
        }
    }
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Monitoring && n.parent.isEmpty())
            add(n, 9100, QStringLiteral("monitoring -> node exporter"));
    }
    return rules;
}

QString header(const Node &fw, const Node &host) {
    return QStringLiteral(
               "#!/usr/sbin/nft -f\n# nftables for %1 on %2 (%3). Exported by Infrastage.\n"
               "# Check: nft -c -f nftables.conf\n\nflush ruleset\n\n"
               "table inet filter {\n")
        .arg(fw.name, host.name, host.text(QStringLiteral("ip")));
}

QString commonInput(const Node &fw, const QString &chain) {
    QString s =
        QStringLiteral("    chain %1 {\n        type filter hook %1 priority filter; policy %2;\n"
                       "        ct state established,related accept\n"
                       "        ct state invalid drop\n")
            .arg(chain, fw.text(QStringLiteral("policy")));
    if (chain == QLatin1String("input"))
        s += QStringLiteral(
            "        iif \"lo\" accept\n        ip protocol icmp accept\n"
            "        # SSH for deployment (Ansible): restrict it to your admin network.\n"
            "        tcp dport 22 accept\n");
    return s;
}

QString openPorts(const Node &fw, const QString &to) {
    QList<int> ports;
    parsePortList(fw.text(QStringLiteral("allow")), &ports);
    if (ports.isEmpty())
        return QString();
    QStringList p;
    for (int port : ports)
        p.append(QString::number(port));
    return QStringLiteral("        %1tcp dport %2 accept comment \"open to the Internet\"\n")
        .arg(to, set(p));
}

QString hostFirewall(const ConfigContext &ctx, const Node &fw, const Node &server) {
    QString s = header(fw, server) + commonInput(fw, QStringLiteral("input"));
    s += openPorts(fw, QString());
    for (const Rule &r : neededRules(ctx, server))
        s += QStringLiteral("        ip saddr %1 tcp dport %2 accept comment \"%3\"\n")
                 .arg(set(r.sources))
                 .arg(r.port)
                 .arg(r.why);
    s += QStringLiteral(
        "    }\n\n    chain forward {\n        type filter hook forward priority "
        "filter; policy drop;\n    }\n\n    chain output {\n        type filter hook "
        "output priority filter; policy accept;\n    }\n}\n");
    return s;
}

QString edgeFirewall(const ConfigContext &ctx, const Node &fw) {
    QStringList behind;
    for (const Link *l : ctx.topology().linksFrom(fw.id)) {
        const Node *to = ctx.topology().node(l->to);
        if (to && !ctx.host(*to).text(QStringLiteral("ip")).isEmpty() &&
            !behind.contains(ctx.host(*to).text(QStringLiteral("ip"))))
            behind.append(ctx.host(*to).text(QStringLiteral("ip")));
    }
    QString s = header(fw, fw) + commonInput(fw, QStringLiteral("input"));
    s += QStringLiteral("    }\n\n") + commonInput(fw, QStringLiteral("forward"));
    if (!behind.isEmpty())
        s += openPorts(fw, QStringLiteral("ip daddr %1 ").arg(set(behind)));
    s += QStringLiteral("    }\n\n    chain output {\n        type filter hook output priority "
                        "filter; policy accept;\n    }\n}\n");
    return s;
}

class NftablesConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("nftables"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        if (ctx.compose())
            return out; // containers share the host's kernel firewall
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind != NodeKind::Firewall)
                continue;
            const Node &host = ctx.host(n);
            out.append({ConfigContext::hostDir(host) + QStringLiteral("/nftables.conf"),
                        (n.parent.isEmpty() ? edgeFirewall(ctx, n) : hostFirewall(ctx, n, host))
                            .toUtf8()});
        }
        return out;
    }
};

const NftablesConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
