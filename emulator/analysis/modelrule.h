#pragma once

#include "rule.h"

namespace infrastage {

// Model problems a design can be saved with: replicas without a primary, writes sent to replicas,
// no DNS record (consistency.*).
class ModelRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
