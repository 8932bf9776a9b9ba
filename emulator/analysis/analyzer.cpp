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

#include <QMap>

#include <memory>
#include <utility>
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
    // By severity, then rule id, each rule's findings in the order found: grouped under their
    // few distinct keys rather than compared with each other (thousands on a large design).
    QMap<std::pair<int, QString>, Findings> groups;
    for (Finding &f : findings)
        groups[{int(f.severity), f.rule}].append(std::move(f));
    Findings sorted;
    sorted.reserve(findings.size());
    for (Findings &group : groups) {
        for (Finding &f : group)
            sorted.append(std::move(f));
    }
    return sorted;
}

} // namespace infrastage
