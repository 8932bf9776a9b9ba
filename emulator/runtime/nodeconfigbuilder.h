#pragma once

#include "addressplan.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace infrastage {
class TopologyData;
}

namespace infrastage::runtime {

// Writes the node-process contract's configuration of each node (docs/runtime.md) from the
// topology and the address plan. Built just before the node starts, so it names the real ports
// of the nodes it depends on (those started earlier).
class NodeConfigBuilder final {
public:
    NodeConfigBuilder(const TopologyData &topology, const AddressPlan &plan, QString runDir,
                      bool detail);

    // The configuration of `nodeId`, or an empty object with `error` set.
    QJsonObject build(const QString &nodeId, QString *error) const;
    // A node started again during the run: a load balancer sharing a VIP starts as BACKUP (the
    // VIP may be held by a peer), whatever its priority.
    void setRestart(bool restart) { m_restart = restart; }
    // The other members of `nodeId`'s VIP group, where their VRRP sockets are now.
    QJsonArray vrrpPeers(const QString &nodeId) const;

private:
    QJsonObject endpointRef(const QString &nodeId) const;
    void addDns(const Node &node, QJsonObject *config) const;
    void addLoadBalancer(const Node &node, const Endpoint &self, QJsonObject *config) const;
    void addVrrp(const Node &node, const Endpoint &self, QJsonObject *config) const;
    void addWeb(const Node &node, QJsonObject *config) const;
    void addApp(const Node &node, QJsonObject *config) const;
    void addDatabase(const Node &node, const Endpoint &self, QJsonObject *config) const;
    void addMonitor(const Node &node, const Endpoint &self, QJsonObject *config) const;
    void addAgent(const Node &node, QJsonObject *config) const;

    const TopologyData &m_topology;
    const AddressPlan &m_plan;
    QString m_runDir;
    bool m_detail;
    bool m_restart = false;
};

} // namespace infrastage::runtime
