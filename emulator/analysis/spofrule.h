#pragma once

#include "rule.h"

namespace infrastage {

// Single points of failure on the read path and the write path (rule ids spof.*), and designs
// where a path does not work at all (consistency.no-read-path, consistency.no-write-path).
class SpofRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
