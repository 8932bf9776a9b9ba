#pragma once

#include "analysis/finding.h"

#include <QStringList>

namespace infrastage {

class TopologyData;

// Automatic fixes for findings: each turns a topology into one without the finding's weakness.
// The ids are those of Finding::fixId:
//   "add-lb-pair"     a second load balancer sharing a virtual IP (active-passive), same
//                     backends, a redundant network link; DNS answers with the virtual IP
//   "add-firewall"    a firewall in front of the entry point, host firewalls on the servers
//   "enable-https"    TLS and HTTP->HTTPS redirect on the entry load balancers
//   "add-monitoring"  a monitoring host watching the load balancers, agents on every server
//   "enable-failover" automatic failover and fencing on primaries that have replicas
//   "add-second-link" a second network connection beside one that is a single point of
//                     failure (ISP A and ISP B between the internet and the design)
QStringList availableFixes();
// A short imperative label for a menu or button ("Add a second load balancer").
QString fixLabel(const QString &fixId);
// Applies fix `fixId` for `finding` to `topology`. On failure returns false, leaves the
// topology untouched and says why in `error`.
bool applyFix(const QString &fixId, const Finding &finding, TopologyData *topology, QString *error);

} // namespace infrastage
