#include "replicationcluster.h"

#include "model/topologydata.h"

#include <QSet>

namespace infrastage::monitoring {

QString replicationCluster(const TopologyData &topology, const QString &databaseId) {
    QString at = databaseId;
    QSet<QString> seen{at};
    for (;;) {
        QString source;
        for (const Link *l : topology.linksTo(at)) {
            if (l->kind == LinkKind::Replication)
                source = l->from;
        }
        if (source.isEmpty() || seen.contains(source)) // the root, or a drawn cycle
            return at;
        seen.insert(source);
        at = source;
    }
}

} // namespace infrastage::monitoring
