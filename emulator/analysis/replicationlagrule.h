#pragma once

#include "rule.h"

namespace infrastage {

// Reads served by asynchronous or delayed replicas may be stale (consistency.replication-lag).
class ReplicationLagRule final : public Rule {
public:
    void check(const AnalysisContext &context, Findings *findings) const override;
};

} // namespace infrastage
