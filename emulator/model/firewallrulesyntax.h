#pragma once

#include "firewallpolicy.h"

namespace infrastage {

// The rules a user writes in a firewall's `rules` property, checked before the rules the
// design's links need: one rule per line or between semicolons,
//
//     ACTION [from SOURCE[,SOURCE...]] [port PORT[,PORT...]]
//
// ACTION is accept, drop or reject; a SOURCE is a node (id or name; a component stands for its
// server), `internet` (anything outside the design, like the user's browser), or `any`; a PORT
// is one the protected hosts listen on (the design's port, e.g. 3306). "reject from internet
// port 3306; accept from monitoring port 9100".
namespace FirewallRuleSyntax {

// Appends the rules of `firewall`'s `rules` property to `rules`; `hosts` are the hosts it
// protects (FirewallPolicy::hosts). A rule that names an unknown
// node or port, or cannot be read, is left out and explained in `errors` (which firewall,
// which rule, what is wrong). Returns false if any was.
bool parse(const TopologyData &topology, const Node &firewall, const QStringList &hosts,
           QList<FilterRule> *rules, QStringList *errors);

// The ports `hosts` listen on (design ports), plus SSH and the exporters' ports
// (FirewallPolicies::kSshPort, ...), which a firewall rule may name.
QList<int> knownPorts(const TopologyData &topology, const QStringList &hosts);

} // namespace FirewallRuleSyntax

} // namespace infrastage
