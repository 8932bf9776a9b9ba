#include "firewallconfig.h"

#include "model/firewallpolicy.h"
#include "model/topologydata.h"
#include "monitoring/exporterports.h"

#include <QJsonArray>

namespace infrastage::runtime {

namespace {

// Every loopback address a design host's connections come from, and which host each is.
class SourceAddresses final {
public:
    SourceAddresses(const TopologyData &t, const AddressPlan &plan) {
        for (const Endpoint &e : plan.endpoints())
            add(e.address, e.host);
        for (const Node &n : t.nodes()) {
            if (!n.parent.isEmpty())
                continue;
            addDesign(n.text(QStringLiteral("ip")), n.id);
            // A load balancer of a pair connects from the VIP while it holds it.
            if (n.kind == NodeKind::LoadBalancer)
                addDesign(n.text(QStringLiteral("vip")), n.id);
        }
    }
    QJsonArray of(const QStringList &hosts) const {
        QJsonArray out;
        for (const QString &h : hosts) {
            for (const QString &a : m_byHost.value(h))
                out.append(a);
        }
        return out;
    }
    QJsonObject hostsJson() const {
        QJsonObject o;
        for (auto it = m_host.begin(); it != m_host.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    }
    const QHash<QString, QString> &hosts() const { return m_host; }

private:
    void addDesign(const QString &designAddress, const QString &host) {
        if (!designAddress.isEmpty())
            add(AddressPlan::loopbackFor(designAddress, true), host);
    }
    void add(const QString &address, const QString &host) {
        if (address.isEmpty() || host.isEmpty())
            return;
        if (!m_byHost.value(host).contains(address))
            m_byHost[host].append(address);
        if (!m_host.contains(address))
            m_host.insert(address, host);
    }
    QHash<QString, QStringList> m_byHost;
    QHash<QString, QString> m_host; // address -> the host it is first claimed by
};

QJsonArray ports(const QList<int> &list) {
    QJsonArray a;
    for (int p : list)
        a.append(p);
    return a;
}

} // namespace

QString FirewallConfig::managementAddress() {
    return QStringLiteral("127.255.255.254");
}

bool FirewallConfig::addTo(const TopologyData &t, const AddressPlan &plan, const Node &node,
                           const Endpoint &self, QJsonObject *config, QString *error) {
    const Node *host = t.host(node);
    if (!host || !plan.perHost())
        return true;
    const SourceAddresses sources(t, plan);
    QJsonArray chains;
    QStringList errors;
    for (const Node &fw : t.nodes()) {
        if (fw.kind != NodeKind::Firewall)
            continue;
        const FirewallPolicy p = FirewallPolicies::derive(t, fw, &errors);
        if (!p.hosts.contains(host->id))
            continue;
        if (!errors.isEmpty()) {
            *error = errors.first();
            return false;
        }
        QJsonArray rules;
        for (qsizetype i = 0; i < p.rules.size(); ++i) {
            const FilterRule &r = p.rules.at(i);
            rules.append(QJsonObject{{QStringLiteral("action"), firewallActionName(r.action)},
                                     {QStringLiteral("sources"), sources.of(r.sources)},
                                     {QStringLiteral("internet"), r.internet},
                                     {QStringLiteral("any"), r.anySource()},
                                     {QStringLiteral("ports"), ports(r.ports)},
                                     {QStringLiteral("text"), p.describe(int(i))}});
        }
        QStringList inside; // design hosts that reach this one without passing the firewall
        for (auto it = sources.hosts().begin(); it != sources.hosts().end(); ++it) {
            if (!FirewallPolicies::crosses(t, p, it.value(), host->id))
                inside.append(it.value());
        }
        inside.removeDuplicates();
        chains.append(QJsonObject{{QStringLiteral("firewall"), p.firewall},
                                  {QStringLiteral("name"), p.name},
                                  {QStringLiteral("policy"), firewallActionName(p.policy)},
                                  {QStringLiteral("policy_text"), p.describe(-1)},
                                  {QStringLiteral("bypass"), sources.of(inside)},
                                  {QStringLiteral("rules"), rules}});
        errors.clear();
    }
    if (chains.isEmpty())
        return true;
    QJsonObject listeners{{QStringLiteral("listen"), self.designPort}};
    if (self.designTlsPort > 0)
        listeners.insert(QStringLiteral("https"), self.designTlsPort);
    if (self.statsPort > 0)
        listeners.insert(QStringLiteral("stats"), node.number(QStringLiteral("stats_port")));
    if (self.metricsPort > 0) // a database's /metrics (roles/db/dbmetrics.cpp)
        listeners.insert(QStringLiteral("metrics"), monitoring::kMysqldExporterPort);
    QJsonArray trusted = sources.of({host->id});
    trusted.append(managementAddress());
    config->insert(QStringLiteral("firewall"),
                   QJsonObject{{QStringLiteral("listeners"), listeners},
                               {QStringLiteral("hosts"), sources.hostsJson()},
                               {QStringLiteral("trusted"), trusted},
                               {QStringLiteral("chains"), chains}});
    return true;
}

} // namespace infrastage::runtime
