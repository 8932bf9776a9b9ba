#include "replicationlagrule.h"

#include "analysiscontext.h"

namespace infrastage {

void ReplicationLagRule::check(const AnalysisContext &c, Findings *findings) const {
    const TopologyData &t = c.topology();
    for (const Node &n : t.nodes()) {
        if (n.kind != NodeKind::Database ||
            n.text(QStringLiteral("role")) != QLatin1String("replica"))
            continue;
        const Node *primary = c.primaryOf(n.id);
        if (!primary)
            continue;
        QStringList readers;
        for (const Link *l : t.linksTo(n.id)) {
            if (l->kind == LinkKind::Data &&
                l->text(QStringLiteral("access")) != QLatin1String("write"))
                readers.append(l->from);
        }
        if (readers.isEmpty())
            continue;
        const bool async = primary->text(QStringLiteral("replication")) == QLatin1String("async");
        const qint64 delay = n.number(QStringLiteral("delay"));
        QString explanation =
            QStringLiteral("%1 applies the changes of %2 %3 after they are committed, so an "
                           "application reading from it can miss a write that just succeeded "
                           "(a user posts a message and does not see it).")
                .arg(c.label(n.id), c.label(primary->id),
                     async ? QStringLiteral("asynchronously, some time")
                           : QStringLiteral("shortly"));
        if (delay > 0)
            explanation +=
                QStringLiteral(" It is also configured to stay %1 ms behind.").arg(delay);
        if (async)
            explanation += QStringLiteral(" If the primary fails, writes it acknowledged but had "
                                          "not yet sent are lost.");
        QStringList nodes{n.id, primary->id};
        nodes += readers;
        findings->append(
            {QStringLiteral("consistency.replication-lag"), FindingCategory::Consistency,
             async || delay > 0 ? Severity::Warning : Severity::Info, nodes,
             QStringLiteral("Reads from the replica %1 may be stale").arg(c.label(n.id)),
             explanation,
             QStringLiteral("Read your own writes from the primary (read-your-writes), use "
                            "semi-synchronous replication, and watch replication lag."),
             QString()});
    }
}

} // namespace infrastage
