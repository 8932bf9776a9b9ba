#include "addressplan.h"

#include "model/designaddress.h"
#include "model/topologydata.h"

#include <QHostAddress>
#include <QSet>
#include <QUdpSocket>

namespace infrastage::runtime {

namespace {

QString designIpOf(const TopologyData &t, const Node &node) {
    const Node *host = t.host(node);
    return host ? host->text(QStringLiteral("ip")) : QString();
}

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
    default:
        return QString();
    }
}

AddressPlan AddressPlan::derive(const TopologyData &topology, Mode mode) {
    AddressPlan plan;
    plan.m_perHost = mode == Mode::PerHost || (mode == Mode::Auto && perHostAddressesWork());

    // A VIP shared by load balancers (keepalived) is held by the one with the highest priority.
    QHash<QString, QString> vipHolder; // vip -> node id
    for (const Node &n : topology.nodes()) {
        if (n.kind != NodeKind::LoadBalancer || n.text(QStringLiteral("vip")).isEmpty())
            continue;
        const QString vip = n.text(QStringLiteral("vip"));
        const Node *holder = topology.node(vipHolder.value(vip));
        if (!holder ||
            n.number(QStringLiteral("priority")) > holder->number(QStringLiteral("priority")))
            vipHolder.insert(vip, n.id);
    }
    for (auto it = vipHolder.cbegin(); it != vipHolder.cend(); ++it)
        plan.m_notes.append(
            QStringLiteral("VIP %1 is held by %2 (highest priority); the other "
                           "load balancers of the group listen on their own address")
                .arg(it.key(), it.value()));

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
        if (n.kind == NodeKind::LoadBalancer) {
            const QString vip = n.text(QStringLiteral("vip"));
            if (!vip.isEmpty() && vipHolder.value(vip) == n.id)
                e.designAddress = vip;
        }
        e.designPort = int(n.number(QStringLiteral("port")));
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
        if (e.designAddress.isEmpty())
            plan.m_notes.append(
                QStringLiteral("%1 has no design address; it listens on %2").arg(n.id, e.address));
        plan.m_endpoints.append(e);
    }
    return plan;
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
    return nullptr;
}

const Endpoint *AddressPlan::findTlsByDesign(const QString &designAddress, int designPort) const {
    for (const Endpoint &e : m_endpoints) {
        if (e.tlsPort > 0 && e.designAddress == designAddress && e.designTlsPort == designPort)
            return &e;
    }
    return nullptr;
}

void AddressPlan::setTlsPort(const QString &node, int port) {
    for (Endpoint &e : m_endpoints) {
        if (e.node == node)
            e.tlsPort = port;
    }
}

void AddressPlan::setPort(const QString &node, int port) {
    for (Endpoint &e : m_endpoints) {
        if (e.node == node)
            e.port = port;
    }
}

} // namespace infrastage::runtime
