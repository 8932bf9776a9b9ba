#pragma once

#include "rule.h"

namespace infrastage {

// Hosts that no firewall guards (security.no-firewall) and firewalls open to everything
// (security.firewall-open).
class FirewallRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
