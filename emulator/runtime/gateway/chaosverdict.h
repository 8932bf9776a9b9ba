#pragma once

#include "chaosrow.h"

#include "analysis/finding.h"

#include <QStringList>

namespace infrastage::runtime {

// A chaos row beside the static analysis: what the measurement says (reads or writes mostly
// failed: a measured single point of failure) and which spof.* findings name the failed
// element. They agree when both or neither call it a single point of failure. One judgement
// for the CLI's table and the designer's chaos panel.
struct ChaosVerdict {
    static constexpr double kAvailable = 0.5; // below this share of successes: a SPOF

    bool readsFail = false;
    bool writesFail = false;
    QStringList rules; // spof.* findings about the element
    bool agrees() const { return (readsFail || writesFail) == !rules.isEmpty(); }

    static ChaosVerdict judge(const ChaosRow &row, const Findings &findings);
};

} // namespace infrastage::runtime
