#pragma once

#include "rule.h"

namespace infrastage {

// Databases that the Internet can reach (security.database-exposed).
class DatabaseExposureRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
