// nftables rules for every firewall, from FirewallPolicies (the rules the emulator enforces):
// a host firewall inside a server lets in the ports open to the Internet plus exactly the
// traffic the design's links need (load balancer -> Nginx, application -> database,
// replication, monitoring); a standalone firewall forwards only the open ports to the hosts
// behind it. A user's own rules (the `rules` property) come first.
#include "configwriter.h"

#include "model/firewallpolicy.h"

namespace infrastage {

namespace {

QString set(const QStringList &items) {
    return items.size() == 1 ? items.first()
                             : QStringLiteral("{ %1 }").arg(items.join(QStringLiteral(", ")));
}

QString header(const Node &fw, const Node &host) {
    return QStringLiteral(
               "#!/usr/sbin/nft -f\n# nftables for %1 on %2 (%3). Exported by Infrastage.\n"
               "# Check: nft -c -f nftables.conf\n\nflush ruleset\n\n"
               "table inet filter {\n")
        .arg(fw.name, host.name, host.text(QStringLiteral("ip")));
}

// nftables has no reject policy: a rejecting firewall drops by policy and rejects last.
QString commonInput(const FirewallPolicy &p, const QString &chain) {
    QString s =
        QStringLiteral("    chain %1 {\n        type filter hook %1 priority filter; policy %2;\n"
                       "        ct state established,related accept\n"
                       "        ct state invalid drop\n")
            .arg(chain, p.policy == FirewallAction::Accept ? QStringLiteral("accept")
                                                           : QStringLiteral("drop"));
    if (chain == QLatin1String("input"))
        s += QStringLiteral(
            "        iif \"lo\" accept\n        ip protocol icmp accept\n"
            "        # SSH for deployment (Ansible): restrict it to your admin network.\n"
            "        tcp dport 22 accept\n");
    return s;
}

QString verdict(FirewallAction action, bool tcp) {
    if (action == FirewallAction::Reject)
        return tcp ? QStringLiteral("reject with tcp reset") : QStringLiteral("reject");
    return firewallActionName(action);
}

// One policy rule as nftables lines: `prefix` narrows it (the hosts behind an edge firewall).
QString ruleLines(const ConfigContext &ctx, const FilterRule &r, const QString &prefix,
                  const QStringList &designAddresses) {
    QStringList ports;
    bool udp = false; // a DNS server's port: its questions are datagrams
    for (int port : r.ports) {
        ports.append(QString::number(port));
        for (const Node &n : ctx.topology().nodes())
            udp = udp || (n.kind == NodeKind::Dns && n.number(QStringLiteral("port")) == port);
    }
    const QString match =
        ports.isEmpty() ? QString()
        : udp           ? QStringLiteral("meta l4proto { tcp, udp } th dport %1 ").arg(set(ports))
                        : QStringLiteral("tcp dport %1 ").arg(set(ports));
    const QString tail = QStringLiteral("%1 comment \"%2\"\n")
                             .arg(verdict(r.action, !ports.isEmpty() && !udp),
                                  QString(r.why).replace(QLatin1Char('"'), QLatin1Char('\'')));
    if (r.anySource())
        return QStringLiteral("        ") + prefix + match + tail;
    QString s;
    QStringList sources;
    for (const QString &id : r.sources) {
        const Node *host = ctx.topology().node(id);
        if (host && !host->text(QStringLiteral("ip")).isEmpty())
            sources.append(host->text(QStringLiteral("ip")));
    }
    if (!sources.isEmpty())
        s += QStringLiteral("        %1ip saddr %2 %3%4").arg(prefix, set(sources), match, tail);
    if (r.internet && !designAddresses.isEmpty()) // anything but the design's own hosts
        s += QStringLiteral("        %1ip saddr != %2 %3%4")
                 .arg(prefix,
                      QStringLiteral("{ %1 }").arg(designAddresses.join(QStringLiteral(", "))),
                      match, tail);
    return s;
}

QString policyLines(const ConfigContext &ctx, const FirewallPolicy &p, const QString &prefix) {
    QStringList design;
    for (const Node &n : ctx.topology().nodes()) {
        const QString ip = n.text(QStringLiteral("ip"));
        if (n.parent.isEmpty() && !ip.isEmpty() && !design.contains(ip))
            design.append(ip);
    }
    QString s;
    for (const FilterRule &r : p.rules)
        s += ruleLines(ctx, r, prefix, design);
    if (p.policy == FirewallAction::Reject)
        s += QStringLiteral("        %1meta l4proto tcp reject with tcp reset comment \"policy "
                            "reject\"\n        %1reject comment \"policy reject\"\n")
                 .arg(prefix);
    return s;
}

QString hostFirewall(const ConfigContext &ctx, const FirewallPolicy &p, const Node &fw,
                     const Node &server) {
    QString s = header(fw, server) + commonInput(p, QStringLiteral("input"));
    s += policyLines(ctx, p, QString());
    s += QStringLiteral(
        "    }\n\n    chain forward {\n        type filter hook forward priority "
        "filter; policy drop;\n    }\n\n    chain output {\n        type filter hook "
        "output priority filter; policy accept;\n    }\n}\n");
    return s;
}

QString edgeFirewall(const ConfigContext &ctx, const FirewallPolicy &p, const Node &fw) {
    QStringList behind;
    for (const QString &id : p.hosts) {
        const QString ip = ctx.topology().node(id)->text(QStringLiteral("ip"));
        if (!ip.isEmpty() && !behind.contains(ip))
            behind.append(ip);
    }
    QString s = header(fw, fw) + commonInput(p, QStringLiteral("input"));
    s += QStringLiteral("    }\n\n") + commonInput(p, QStringLiteral("forward"));
    if (!behind.isEmpty())
        s += policyLines(ctx, p, QStringLiteral("ip daddr %1 ").arg(set(behind)));
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
        // The same rules the emulator enforces (model/firewallpolicy.h).
        for (const FirewallPolicy &p : FirewallPolicies::derive(ctx.topology())) {
            const Node &fw = *ctx.topology().node(p.firewall);
            const Node &host = ctx.host(fw);
            out.append(
                {ConfigContext::hostDir(host) + QStringLiteral("/nftables.conf"),
                 (p.edge ? edgeFirewall(ctx, p, fw) : hostFirewall(ctx, p, fw, host)).toUtf8()});
        }
        return out;
    }
};

const NftablesConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
