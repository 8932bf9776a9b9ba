#pragma once

#include "mermaidgraph.h"
#include "model/topologydata.h"

#include <QHash>

namespace infrastage {

// What a drawing says about its load balancers beyond their kind. HTTPS: "SSL", "HTTPS",
// "TLS" or "443" on a load balancer's label or on one of its links turns TLS on (and the
// HTTP-to-HTTPS redirect, as the enable-https fix does). A pair: two load balancers drawn as
// a cluster (in one subgraph, joined by an arrow, or a label or link saying VIP, keepalived,
// VRRP, active/passive, failover) become an active-passive pair the way the add-lb-pair fix
// models one: a shared virtual IP (the one written as "VIP: ..." if any), priorities 100 and
// 90, the same backends and network links, DNS answering with the virtual IP.
class MermaidLoadBalancers final {
public:
    static void read(const MermaidGraph &graph, const QList<MermaidEdge> &edges,
                     const QHash<QString, QString> &resolved, TopologyData *topology,
                     QStringList *explanations);

private:
    static void pair(TopologyData *t, const QString &master, const QString &backup,
                     const QString &vip, QStringList *explanations);
    static void share(TopologyData *t, const QString &from, const QString &to);
};

} // namespace infrastage
