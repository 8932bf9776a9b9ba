#include "splitbrainrule.h"

#include "analysiscontext.h"

namespace infrastage {

void SplitBrainRule::check(const AnalysisContext &c, Findings *findings) const {
    for (const Node &n : c.topology().nodes()) {
        if (n.kind != NodeKind::Database ||
            n.text(QStringLiteral("role")) != QLatin1String("primary"))
            continue;
        const QList<const Node *> replicas = c.replicasOf(n.id);
        if (replicas.isEmpty() || n.flag(QStringLiteral("fencing")))
            continue;
        QStringList nodes{n.id};
        for (const Node *r : replicas)
            nodes.append(r->id);
        const bool automatic = n.flag(QStringLiteral("auto_failover"));
        findings->append(
            {QStringLiteral("consistency.split-brain"), FindingCategory::Consistency,
             Severity::Warning, nodes,
             QStringLiteral("Split brain: %1 and its replicas can end up with two primaries")
                 .arg(c.label(n.id)),
             automatic
                 ? QStringLiteral("Automatic failover promotes a replica when the primary looks "
                                  "unreachable, but nothing stops the old primary from accepting "
                                  "writes when it comes back (or was only cut off): the two "
                                  "databases then diverge and the writes cannot be merged.")
                 : QStringLiteral("If replication breaks or the primary is cut off and someone "
                                  "promotes the replica, both databases accept writes and "
                                  "diverge; the writes on one side cannot be merged back."),
             QStringLiteral("Use automatic failover with fencing: a returning old primary is made "
                            "read-only and reported, and divergence is detected, never merged "
                            "silently."),
             QStringLiteral("enable-failover")});
    }
}

} // namespace infrastage
