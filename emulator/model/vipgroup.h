#pragma once

#include "topologydata.h"

#include <QList>

namespace infrastage {

// Load balancers sharing one virtual IP (keepalived's VRRP instance): one home for who belongs
// to a group, who starts as MASTER and the router id, read by the runtime, the validator and
// the keepalived export.
struct VipGroup {
    QString vip;
    QList<const Node *> members; // highest priority first; ties in the design's order

    const Node *master() const { return members.isEmpty() ? nullptr : members.first(); }
    // 1..255, from the VIP, so every member agrees without being told.
    int routerId() const;

    // Every group of `topology`, in the order of their first member.
    static QList<VipGroup> of(const TopologyData &topology);
    // The group of load balancer `nodeId`, or an empty group.
    static VipGroup find(const TopologyData &topology, const QString &nodeId);
};

} // namespace infrastage
