#pragma once

#include "monitoring/exporterports.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace infrastage {

class TopologyData;
struct Node;

// What a firewall does with a connection (nftables verdicts).
enum class FirewallAction {
    Accept, // let it through
    Drop,   // say nothing: the client waits until it gives up
    Reject, // refuse at once (TCP reset)
};

QString firewallActionName(FirewallAction action); // "accept", "drop", "reject"
bool firewallActionFromName(const QString &name, FirewallAction *action);

// One rule of a firewall: the first rule that matches a connection decides.
struct FilterRule {
    FirewallAction action = FirewallAction::Accept;
    QStringList sources;   // ids of the design's hosts it matches
    bool internet = false; // it matches sources outside the design (a client, curl) too
    // No sources and not `internet`: it matches any source.
    QList<int> ports; // design TCP ports it matches; empty: every port
    QString why;      // the comment: "application -> database", "rules: drop from user"

    bool anySource() const { return sources.isEmpty() && !internet; }
};

// Everything one firewall of the design enforces. Derived by FirewallPolicies::derive, the one
// place that turns a design into rules: the nftables export and the emulator's roles both read
// it, so what is exported and what is enforced cannot drift.
struct FirewallPolicy {
    QString firewall;  // the firewall node's id
    QString name;      // its name
    bool edge = false; // standalone: filters what reaches the hosts behind it
    QStringList hosts; // ids of the hosts it protects (its server; the hosts behind it)
    FirewallAction policy = FirewallAction::Drop; // what no rule matches gets
    QList<FilterRule> rules;                      // in order

    // "server-1-fw rule 3: accept tcp dport 3306 from server-2 (application -> database)";
    // index -1: the default policy.
    QString describe(int index) const;
    // What it does with a connection from the host `sourceHost` (empty: the Internet) to
    // `port`, and the index of the rule that decides (-1: the policy).
    FirewallAction decide(const QString &sourceHost, int port, int *rule = nullptr) const;
};

namespace FirewallPolicies {

// Ports a host firewall knows of besides the services' own: what the monitoring host scrapes
// and what the export's deployment uses.
inline constexpr int kSshPort = 22;
inline constexpr int kNodeExporterPort = monitoring::kNodeExporterPort;     // an agent on a server
inline constexpr int kMysqldExporterPort = monitoring::kMysqldExporterPort; // a database's metrics

// Every firewall of `topology`, in document order. Rules that cannot be understood are left
// out and explained in `errors` (which firewall, which rule, what is wrong).
QList<FirewallPolicy> derive(const TopologyData &topology, QStringList *errors = nullptr);
FirewallPolicy derive(const TopologyData &topology, const Node &firewall,
                      QStringList *errors = nullptr);

// Whether traffic from `sourceHost` to `targetHost` passes through the edge firewall `policy`:
// false when the two are joined by links that avoid it (the monitoring node beside the load
// balancer), true for hosts only reachable through it (the user's browser, the Internet).
bool crosses(const TopologyData &topology, const FirewallPolicy &policy, const QString &sourceHost,
             const QString &targetHost);

} // namespace FirewallPolicies

} // namespace infrastage
