#include "modelrule.h"

#include "analysiscontext.h"
#include "model/validator.h"

namespace infrastage {

void ModelRule::check(const AnalysisContext &c, Findings *findings) const {
    const TopologyData &t = c.topology();
    for (const ValidationIssue &issue : validateTopology(t)) {
        const QString id = issue.nodeId.isEmpty() ? issue.linkId : issue.nodeId;
        findings->append({QStringLiteral("consistency.model"), FindingCategory::Consistency,
                          Severity::Error, id.isEmpty() ? QStringList() : QStringList{id},
                          QStringLiteral("Model problem: %1").arg(issue.toString()), issue.message,
                          QStringLiteral("Correct the %1 of %2.")
                              .arg(issue.field.isEmpty() ? QStringLiteral("definition")
                                                         : QStringLiteral("'%1'").arg(issue.field),
                                   c.label(id)),
                          QString()});
    }
    for (const Link &l : t.links()) {
        if (l.kind != LinkKind::Data)
            continue;
        const Node *db = c.target(l);
        if (!db || db->text(QStringLiteral("role")) != QLatin1String("replica") ||
            l.text(QStringLiteral("access")) == QLatin1String("read"))
            continue;
        findings->append({QStringLiteral("consistency.write-to-replica"),
                          FindingCategory::Consistency,
                          Severity::Error,
                          {l.from, l.to, l.id},
                          QStringLiteral("Writes are sent to the replica %1").arg(c.label(l.to)),
                          QStringLiteral("A replica is read-only: it applies the primary's changes "
                                         "and refuses writes of its own, so these writes fail."),
                          QStringLiteral("Send writes to the primary: set this link's access to "
                                         "'read' and add a write link to the primary."),
                          QString()});
    }
    if (!c.hasDnsRecords() && !c.entryPoints().isEmpty()) {
        QStringList ids;
        for (const Node *e : c.entryPoints())
            ids.append(e->id);
        findings->append({QStringLiteral("consistency.no-dns-record"), FindingCategory::Consistency,
                          Severity::Warning, ids, QStringLiteral("No DNS record points users here"),
                          QStringLiteral("Users type a name like www.foobar.com; without a DNS "
                                         "record for it they cannot find the entry point."),
                          QStringLiteral("Add a DNS server with a record (A) for the site's name "
                                         "pointing at the load balancer."),
                          QString()});
    }
}

} // namespace infrastage
