#pragma once

#include "finding.h"

namespace infrastage {

class AnalysisContext;

// One analysis check. Adding a check means adding a Rule subclass in its own file and listing
// it in analyzer.cpp.
class Rule {
public:
    virtual ~Rule() = default;
    virtual void check(const AnalysisContext &context, Findings *findings) const = 0;
};

} // namespace infrastage
