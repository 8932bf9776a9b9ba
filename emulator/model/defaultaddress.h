#pragma once

#include "nodekind.h"

#include <QString>

namespace infrastage {

// The design address a new host of each kind starts from, the reference design's where it has
// one. The kinds' property defaults, the designer, the fixes and the importer all start here;
// FreeAddress moves on from it when the address is taken.
class DefaultAddress final {
public:
    static constexpr const char *kDns = "8.8.4.4";          // the reference design's resolver
    static constexpr const char *kLoadBalancer = "8.8.8.8"; // the reference design's LB
    static constexpr const char *kServer = "192.168.1.10";  // Server 1; Server 2 is .11
    static constexpr const char *kFirewall = "8.8.8.1";     // an edge firewall before the LB
    static constexpr const char *kMonitoring = "10.0.0.9";  // a monitoring host

    // The starting address of a standalone `kind`; empty for kinds that have none (a client,
    // a component, a note).
    static QString forKind(NodeKind kind);
};

} // namespace infrastage
