#pragma once

#include "addressplan.h"

#include <QJsonObject>
#include <QString>

namespace infrastage {
class TopologyData;
}

namespace infrastage::runtime {

// The "firewall" object of a node's configuration: the firewalls guarding its host
// (FirewallPolicies::derive, the rules the nftables export writes too) with their sources
// turned into the loopback addresses the design's nodes really connect from, read by the
// role's firewall::FirewallGate. Sources are told apart by address, so with one shared
// address (AddressPlan::perHost() false) nothing is enforced.
class FirewallConfig final {
public:
    // Where the runtime's own probes (the failover manager) connect from: always let through,
    // as an operator's management network would be. Not an address of the design.
    static QString managementAddress();

    // Inserts "firewall" into `config` when a firewall guards `node`'s host. False, with the
    // firewall, the rule and what is wrong in `error`, when one of its rules cannot be used.
    static bool addTo(const TopologyData &topology, const AddressPlan &plan, const Node &node,
                      const Endpoint &self, QJsonObject *config, QString *error);
};

} // namespace infrastage::runtime
