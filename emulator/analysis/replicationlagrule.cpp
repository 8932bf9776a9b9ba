#include "replicationlagrule.h"

#include "analysiscontext.h"

#include <QStringBuilder>

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
        // The replica, its primary, then the applications that read from it.
        QStringList nodes{n.id, primary->id};
        for (const Link *l : t.linksTo(n.id)) {
            if (l->kind == LinkKind::Data &&
                l->text(QStringLiteral("access")) != QLatin1String("write"))
                nodes.append(l->from);
        }
        if (nodes.size() == 2)
            continue; // nobody reads from it
        const bool async = primary->text(QStringLiteral("replication")) == QLatin1String("async");
        const qint64 delay = n.number(QStringLiteral("delay"));
        // Texts joined with QStringBuilder rather than arg(): one per replica per analysis.
        const QString replica = c.label(n.id);
        const QString delayNote =
            delay > 0 ? u" It is also configured to stay " % QString::number(delay) % u" ms behind."
                      : QString();
        const QString explanation =
            replica % u" applies the changes of " % c.label(primary->id) % u' ' %
            (async ? u"asynchronously, some time" : u"shortly") %
            u" after they are committed, so an application reading from it can miss a write "
            u"that just succeeded (a user posts a message and does not see it)." %
            delayNote %
            (async ? u" If the primary fails, writes it acknowledged but had not yet sent are lost."
                   : u"");
        findings->append(
            {QStringLiteral("consistency.replication-lag"), FindingCategory::Consistency,
             async || delay > 0 ? Severity::Warning : Severity::Info, nodes,
             u"Reads from the replica " % replica % u" may be stale", explanation,
             QStringLiteral("Read your own writes from the primary (read-your-writes), use "
                            "semi-synchronous replication, and watch replication lag."),
             QString()});
    }
}

} // namespace infrastage
