#pragma once

#include "model/topologydata.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace infrastage {

// What every rule needs to know about a topology, computed once per analysis: children of
// servers, which hosts a firewall guards or a monitor watches, entry points, replicas.
class AnalysisContext final {
public:
    explicit AnalysisContext(const TopologyData &topology);

    const TopologyData &topology() const { return m_t; }

    const QList<const Node *> &components(const QString &serverId) const;
    const Node *component(const QString &serverId, NodeKind kind) const;
    // The server a component stands in, or the node itself for hosts.
    const Node &hostOf(const Node &node) const;
    QString label(const QString &id) const; // "Server 1 (server-1)"

    // Hosts that serve the site and so need guarding and watching: load balancers and servers.
    const QList<const Node *> &serviceHosts() const { return m_serviceHosts; }
    // Standalone firewalls joined to `hostId` by a network link.
    QList<const Node *> guards(const QString &hostId) const { return m_guards.value(hostId); }
    bool isFirewalled(const Node &host) const;
    bool isMonitored(const Node &host) const;

    // Where users arrive: targets of DNS records (load balancers sharing a virtual IP count
    // together), or, without records, every load balancer, or else every server with a web server.
    const QList<const Node *> &entryPoints() const { return m_entries; }
    bool hasDnsRecords() const { return m_hasDnsRecords; }

    // Index-based access for the hot paths (the path graphs): a node's or link's position in
    // the topology, links by their end's index, a node's host, the guards of a host.
    int indexOf(const Node &node) const { return int(&node - m_t.nodes().constData()); }
    int indexOf(const Link &link) const { return int(&link - m_t.links().constData()); }
    const QList<const Link *> &linksFrom(int nodeIndex) const { return m_out.at(nodeIndex); }
    // The node a link goes to, as TopologyData::node(link.to) finds it (null if none).
    const Node *target(const Link &link) const { return m_target.at(indexOf(link)); }
    const Node &hostOf(int nodeIndex) const { return *m_host.at(nodeIndex); }
    const QList<const Node *> &guards(int hostIndex) const { return m_guardsAt.at(hostIndex); }
    const QList<const Node *> &components(int serverIndex) const {
        return m_childrenAt.at(serverIndex);
    }

    // Databases fed by `primaryId` through replication links, in link order.
    QList<const Node *> replicasOf(const QString &primaryId) const {
        return m_replicas.value(primaryId);
    }
    // Where the first replication link to `replicaId` comes from (null if from nowhere).
    const Node *primaryOf(const QString &replicaId) const { return m_primary.value(replicaId); }

private:
    void computeEntries();

    const TopologyData &m_t;
    QHash<QString, QList<const Node *>> m_children;
    QHash<QString, QList<const Node *>> m_guards;
    QSet<QString> m_monitoredByLink;
    QHash<QString, QList<const Node *>> m_replicas; // primary id -> replicas
    QHash<QString, const Node *> m_primary;         // replica id -> primary
    QList<QList<const Link *>> m_out;               // by node index
    QList<const Node *> m_target;                   // by link index
    QList<const Node *> m_host;                     // by node index
    QList<QList<const Node *>> m_guardsAt;          // by node index
    QList<QList<const Node *>> m_childrenAt;        // by node index
    QList<const Node *> m_serviceHosts;
    QList<const Node *> m_entries;
    bool m_hasDnsRecords = false;
};

} // namespace infrastage
