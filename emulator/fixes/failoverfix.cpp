// Fix "enable-failover": a primary with replicas fails over automatically, with fencing so a
// returning old primary cannot accept writes (no split brain).
#include "fixsupport.h"

#include "analysis/finding.h"

#include <QCoreApplication>

namespace infrastage::fixes {

bool enableFailover(const Finding &finding, TopologyData *t, QString *error) {
    QList<const Node *> databases = findingNodes(*t, finding.nodes, NodeKind::Database);
    if (databases.isEmpty()) {
        for (const Node &n : t->nodes()) {
            if (n.kind == NodeKind::Database)
                databases.append(&n);
        }
    }
    QStringList primaries;
    for (const Node *db : databases) {
        if (db->text(QStringLiteral("role")) != QLatin1String("primary"))
            continue;
        bool hasReplica = false;
        for (const Link *l : t->linksFrom(db->id))
            hasReplica = hasReplica || l->kind == LinkKind::Replication;
        if (hasReplica)
            primaries.append(db->id);
    }
    if (primaries.isEmpty())
        return fail(error, QCoreApplication::translate(
                               "Fixes", "Failover needs a replica to promote: add a replica "
                                        "database fed by the primary first."));
    for (const QString &id : primaries) {
        setProperty(t, id, QStringLiteral("auto_failover"), true);
        setProperty(t, id, QStringLiteral("fencing"), true);
    }
    return true;
}

} // namespace infrastage::fixes
