#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace infrastage {
class TopologyData;
struct Node;
} // namespace infrastage

namespace infrastage::runtime {

// Where one runnable node listens: its design address and port (labels from the diagram) and
// the loopback address and unprivileged port it really uses.
struct Endpoint {
    QString node;          // node id
    QString role;          // infrastage-node role: dns, lb, web, app, db
    QString host;          // id of the host it stands on (itself for hosts)
    QString designAddress; // e.g. 192.168.1.10 (a VIP: 8.8.8.8)
    int designPort = 0;    // e.g. 80
    QString address;       // e.g. 127.168.1.10
    int port = 0;          // e.g. 8080; replaced by the real port once the node is ready
    int statsPort = 0;     // load balancers with a stats page; 0 for none
    int tlsPort = 0;       // load balancers terminating HTTPS; 0 for none
    int designTlsPort = 0; // e.g. 443, the port of https:// URLs in the design
    int vrrpPort = 0;      // load balancers sharing a VIP: their VRRP socket (UDP); 0 for none
    int metricsPort = 0;   // databases: the /metrics listener (9104 planned); 0 for none
};

// A virtual IP shared by load balancers (keepalived): the address clients reach, held by
// whichever member is MASTER at the moment. `endpoint.node` is the member that starts as MASTER.
struct VirtualAddress {
    Endpoint endpoint;   // designAddress = the VIP, address/port = where it is bound
    QStringList members; // load balancer ids, highest priority first
    int routerId = 1;
};

// The address plan of a run: each host gets 127.x.y.z from its design address a.x.y.z where
// the OS routes all of 127/8 (Linux), else everything shares 127.0.0.1 with distinct ports.
// Components listen on their server's address. Design ports below 1024 move to unprivileged
// ones (53 -> 5353, 80 -> 8080, 443 -> 8443, other p -> 8000 + p). Two endpoints never share an
// address and port: a later one moves to the next free port, and the plan notes it.
class AddressPlan final {
public:
    enum class Mode {
        Auto,      // per-host addresses if binding 127.8.8.8 works, else shared
        PerHost,   // 127.x.y.z per host
        SharedOne, // everything on 127.0.0.1
    };

    static AddressPlan derive(const TopologyData &topology, Mode mode = Mode::Auto);

    // Whether this machine accepts binds on all of 127/8 (checked once by binding).
    static bool perHostAddressesWork();
    static int unprivilegedPort(int designPort);
    static QString loopbackFor(const QString &designAddress, bool perHost);
    // The infrastage-node role of a node kind's process, or empty if it runs none.
    static QString roleOf(const Node &node);

    bool perHost() const { return m_perHost; }
    const QList<Endpoint> &endpoints() const { return m_endpoints; }
    const Endpoint *endpoint(const QString &node) const;
    // The listening endpoint a client would reach at designAddress:designPort (DNS answer + URL);
    // for a VIP, the VIP's endpoint, whichever member holds it.
    const Endpoint *findByDesign(const QString &designAddress, int designPort) const;
    // The load balancer serving HTTPS on that design address and port, or null.
    const Endpoint *findTlsByDesign(const QString &designAddress, int designPort) const;
    // Where a URL's request goes: findTlsByDesign for https://, else findByDesign.
    const Endpoint *findForUrl(const QString &designAddress, int designPort, bool https) const {
        return https ? findTlsByDesign(designAddress, designPort)
                     : findByDesign(designAddress, designPort);
    }
    void setPort(const QString &node, int port);
    void setVrrpPort(const QString &node, int port);
    const QList<VirtualAddress> &virtualAddresses() const { return m_virtual; }
    // The VIP shared by load balancer `node`, or null when it shares none.
    const VirtualAddress *virtualOf(const QString &node) const;
    // Where the VIP really got bound (its first MASTER took another port if the planned one
    // was taken by another program).
    void setVirtualPorts(const QString &designVip, int port, int tlsPort);
    void setTlsPort(const QString &node, int port);
    void setMetricsPort(const QString &node, int port);
    void setStatsPort(const QString &node, int port);
    // What the plan decided that a user should know (VIP holders, moved ports, skipped nodes).
    const QStringList &notes() const { return m_notes; }

private:
    void
    planVirtualAddresses(const TopologyData &topology,
                         const std::function<int(const QString &, int, const QString &)> &claim);
    Endpoint *mutableEndpoint(const QString &node);

    QList<Endpoint> m_endpoints;
    QList<VirtualAddress> m_virtual;
    QStringList m_notes;
    bool m_perHost = false;
};

} // namespace infrastage::runtime
