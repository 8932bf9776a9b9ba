#pragma once

#include "rule.h"

namespace infrastage {

// Primary/replica groups that can end up with two primaries (consistency.split-brain).
class SplitBrainRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
