#include "analyzer.h"

#include "analysiscontext.h"
#include "databaseexposurerule.h"
#include "firewallrule.h"
#include "httpsrule.h"
#include "modelrule.h"
#include "monitoringrule.h"
#include "replicationlagrule.h"
#include "splitbrainrule.h"
#include "spofrule.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace infrastage {

namespace {

const std::vector<std::unique_ptr<Rule>> &rules() {
    static const std::vector<std::unique_ptr<Rule>> list = [] {
        std::vector<std::unique_ptr<Rule>> r;
        r.push_back(std::make_unique<ModelRule>());
        r.push_back(std::make_unique<SpofRule>());
        r.push_back(std::make_unique<FirewallRule>());
        r.push_back(std::make_unique<HttpsRule>());
        r.push_back(std::make_unique<DatabaseExposureRule>());
        r.push_back(std::make_unique<MonitoringRule>());
        r.push_back(std::make_unique<ReplicationLagRule>());
        r.push_back(std::make_unique<SplitBrainRule>());
        return r;
    }();
    return list;
}

} // namespace

Findings analyzeTopology(const TopologyData &topology) {
    const AnalysisContext context(topology);
    Findings findings;
    for (const auto &rule : rules())
        rule->check(context, &findings);
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return int(a.severity) < int(b.severity);
        return a.rule < b.rule;
    });
    return findings;
}

} // namespace infrastage
