#pragma once

#include "rule.h"

namespace infrastage {

// Designs nobody watches (monitoring.none) and hosts left out (monitoring.unmonitored-host).
class MonitoringRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
