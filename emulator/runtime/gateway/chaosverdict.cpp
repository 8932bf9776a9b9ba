#include "chaosverdict.h"

namespace infrastage::runtime {

ChaosVerdict ChaosVerdict::judge(const ChaosRow &row, const Findings &findings) {
    ChaosVerdict v;
    v.readsFail = row.read >= 0 && row.read < kAvailable;
    v.writesFail = row.write >= 0 && row.write < kAvailable;
    for (const Finding &f : findings) {
        if (!f.rule.startsWith(QLatin1String("spof.")) || !f.nodes.contains(row.node))
            continue;
        // A link's finding names its ends too ({from, to, link}): it is about the link only.
        const bool aboutLink =
            f.nodes.size() == 3 && f.nodes.last() != row.node &&
            (f.rule == QLatin1String("spof.network-link") || f.rule == QLatin1String("spof.link"));
        if (!aboutLink && !v.rules.contains(f.rule))
            v.rules.append(f.rule);
    }
    return v;
}

} // namespace infrastage::runtime
