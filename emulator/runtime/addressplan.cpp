#include "addressplan.h"

#include "model/designaddress.h"
#include "model/topologydata.h"
#include "model/vipgroup.h"
#include "monitoring/exporterports.h"

#include <QHostAddress>
#include <QSet>
#include <QUdpSocket>

namespace infrastage::runtime {

namespace {

QString designIpOf(const TopologyData &t, const Node &node) {
    const Node *host = t.host(node);
    return host ? host->text(QStringLiteral("ip")) : QString();
}

// VRRP is IP protocol 112; its UDP stand-in between load balancers of a pair.
constexpr int kVrrpPort = 8112;

} // namespace

bool AddressPlan::perHostAddressesWork() {
    static const bool works = [] {
        QUdpSocket probe;
        return probe.bind(QHostAddress(QStringLiteral("127.8.8.8")), 0);
    }();
    return works;
}

int AddressPlan::unprivilegedPort(int designPort) {
    if (designPort <= 0)
        return 0;
    if (designPort == 53)
        return 5353;
    if (designPort < 1024)
        return 8000 + designPort;
    return designPort;
}

QString AddressPlan::loopbackFor(const QString &designAddress, bool perHost) {
    quint32 ip = 0;
    if (!perHost || !parseIPv4(designAddress, &ip))
        return QStringLiteral("127.0.0.1");
    quint32 loop = (127u << 24) | (ip & 0x00FFFFFFu);
    // 127.x.y.0 and 127.x.y.255 bind fine on Linux, but 127.0.0.0 is the network itself.
    if ((loop & 0x00FFFFFFu) == 0)
        loop = (127u << 24) | 1u;
    return formatIPv4(loop);
}

QString AddressPlan::roleOf(const Node &node) {
    switch (node.kind) {
    case NodeKind::Dns:
        return QStringLiteral("dns");
    case NodeKind::LoadBalancer:
        return QStringLiteral("lb");
    case NodeKind::Web:
        return QStringLiteral("web");
    case NodeKind::App:
        return QStringLiteral("app");
    case NodeKind::Database:
        return QStringLiteral("db");
    case NodeKind::Monitoring:
        // The monitoring system (Prometheus) on a host of its own; an agent inside a server.
        return node.parent.isEmpty() ? QStringLiteral("monitor") : QStringLiteral("agent");
    default:
        return QString();
    }
}

AddressPlan AddressPlan::derive(const TopologyData &topology, Mode mode) {
    AddressPlan plan;
    plan.m_perHost = mode == Mode::PerHost || (mode == Mode::Auto && perHostAddressesWork());

    QSet<QString> taken; // "address:port"
    auto claim = [&](const QString &address, int port, const QString &what) {
        int p = port;
        while (p > 0 && taken.contains(QStringLiteral("%1:%2").arg(address).arg(p)))
            ++p;
        if (p != port)
            plan.m_notes.append(QStringLiteral("%1: port %2 on %3 already planned, using %4")
                                    .arg(what)
                                    .arg(port)
                                    .arg(address)
                                    .arg(p));
        taken.insert(QStringLiteral("%1:%2").arg(address).arg(p));
        return p;
    };

    for (const Node &n : topology.nodes()) {
        const QString role = roleOf(n);
        if (role.isEmpty())
            continue;
        Endpoint e;
        e.node = n.id;
        e.role = role;
        const Node *host = topology.host(n);
        e.host = host ? host->id : n.id;
        e.designAddress = designIpOf(topology, n);
        e.designPort = int(n.number(QStringLiteral("port")));
        if (n.kind == NodeKind::Monitoring)
            e.designPort =
                n.parent.isEmpty() ? monitoring::kPrometheusPort : monitoring::kNodeExporterPort;
        e.address = loopbackFor(e.designAddress, plan.m_perHost);
        e.port = claim(e.address, unprivilegedPort(e.designPort), n.id);
        if (n.kind == NodeKind::LoadBalancer) {
            if (n.flag(QStringLiteral("stats")))
                e.statsPort =
                    claim(e.address, unprivilegedPort(int(n.number(QStringLiteral("stats_port")))),
                          n.id + QStringLiteral(" stats"));
            if (n.flag(QStringLiteral("tls"))) {
                e.designTlsPort = int(n.number(QStringLiteral("tls_port")));
                e.tlsPort = claim(e.address, unprivilegedPort(e.designTlsPort),
                                  n.id + QStringLiteral(" https"));
            }
        }
        if (n.kind == NodeKind::LoadBalancer && !n.text(QStringLiteral("vip")).isEmpty())
            e.vrrpPort = claim(e.address, kVrrpPort, n.id + QStringLiteral(" vrrp"));
        if (n.kind == NodeKind::Database)
            e.metricsPort = claim(e.address, monitoring::kMysqldExporterPort,
                                  n.id + QStringLiteral(" metrics"));
        if (e.designAddress.isEmpty())
            plan.m_notes.append(
                QStringLiteral("%1 has no design address; it listens on %2").arg(n.id, e.address));
        plan.m_endpoints.append(e);
    }
    plan.planVirtualAddresses(topology, claim);
    return plan;
}

// Each VIP gets a loopback address of its own (8.8.8.8 -> 127.8.8.8) with the ports of its
// first MASTER's frontend; members listen on their own address and bind the VIP when MASTER.
void AddressPlan::planVirtualAddresses(
    const TopologyData &topology,
    const std::function<int(const QString &, int, const QString &)> &claim) {
    for (const VipGroup &g : VipGroup::of(topology)) {
        const Node &master = *g.master();
        VirtualAddress v;
        v.routerId = g.routerId();
        QStringList roles;
        for (const Node *n : g.members) {
            v.members.append(n->id);
            roles.append(QStringLiteral("%1 (priority %2)")
                             .arg(n->id)
                             .arg(n->number(QStringLiteral("priority"))));
        }
        Endpoint &e = v.endpoint;
        e.node = master.id;
        e.role = roleOf(master);
        e.host = master.id;
        e.designAddress = g.vip;
        e.designPort = int(master.number(QStringLiteral("port")));
        e.address = loopbackFor(g.vip, m_perHost);
        e.port = claim(e.address, unprivilegedPort(e.designPort), QStringLiteral("VIP ") + g.vip);
        if (master.flag(QStringLiteral("tls"))) {
            e.designTlsPort = int(master.number(QStringLiteral("tls_port")));
            e.tlsPort = claim(e.address, unprivilegedPort(e.designTlsPort),
                              QStringLiteral("VIP %1 https").arg(g.vip));
        }
        m_notes.append(QStringLiteral("VIP %1 (%2:%3) is shared by %4 over VRRP: %5 starts as "
                                      "MASTER and binds it, the others take it over when it "
                                      "fails")
                           .arg(g.vip, e.address)
                           .arg(e.port)
                           .arg(roles.join(QStringLiteral(", ")), master.id));
        m_virtual.append(v);
    }
}

Endpoint *AddressPlan::mutableEndpoint(const QString &node) {
    for (Endpoint &e : m_endpoints) {
        if (e.node == node)
            return &e;
    }
    return nullptr;
}

const VirtualAddress *AddressPlan::virtualOf(const QString &node) const {
    for (const VirtualAddress &v : m_virtual) {
        if (v.members.contains(node))
            return &v;
    }
    return nullptr;
}

void AddressPlan::setVirtualPorts(const QString &designVip, int port, int tlsPort) {
    for (VirtualAddress &v : m_virtual) {
        if (v.endpoint.designAddress != designVip)
            continue;
        if (port > 0)
            v.endpoint.port = port;
        if (tlsPort > 0)
            v.endpoint.tlsPort = tlsPort;
    }
}

void AddressPlan::setVrrpPort(const QString &node, int port) {
    if (Endpoint *e = mutableEndpoint(node))
        e->vrrpPort = port;
}

const Endpoint *AddressPlan::endpoint(const QString &node) const {
    for (const Endpoint &e : m_endpoints) {
        if (e.node == node)
            return &e;
    }
    return nullptr;
}

const Endpoint *AddressPlan::findByDesign(const QString &designAddress, int designPort) const {
    for (const Endpoint &e : m_endpoints) {
        if (e.designAddress == designAddress && e.designPort == designPort)
            return &e;
    }
    for (const VirtualAddress &v : m_virtual) {
        if (v.endpoint.designAddress == designAddress && v.endpoint.designPort == designPort)
            return &v.endpoint;
    }
    return nullptr;
}

const Endpoint *AddressPlan::findTlsByDesign(const QString &designAddress, int designPort) const {
    for (const Endpoint &e : m_endpoints) {
        if (e.tlsPort > 0 && e.designAddress == designAddress && e.designTlsPort == designPort)
            return &e;
    }
    for (const VirtualAddress &v : m_virtual) {
        const Endpoint &e = v.endpoint;
        if (e.tlsPort > 0 && e.designAddress == designAddress && e.designTlsPort == designPort)
            return &e;
    }
    return nullptr;
}

void AddressPlan::setTlsPort(const QString &node, int port) {
    if (Endpoint *e = mutableEndpoint(node))
        e->tlsPort = port;
}

void AddressPlan::setStatsPort(const QString &node, int port) {
    if (Endpoint *e = mutableEndpoint(node))
        e->statsPort = port;
}

void AddressPlan::setMetricsPort(const QString &node, int port) {
    if (Endpoint *e = mutableEndpoint(node))
        e->metricsPort = port;
}

void AddressPlan::setPort(const QString &node, int port) {
    if (Endpoint *e = mutableEndpoint(node))
        e->port = port;
}

} // namespace infrastage::runtime
