#pragma once

#include "rule.h"

namespace infrastage {

// Entry points that speak plain HTTP (security.no-https) or do not redirect it
// (security.http-not-redirected).
class HttpsRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
