#pragma once

#include <QString>

namespace infrastage {
class TopologyData;
} // namespace infrastage

namespace infrastage::monitoring {

// The replication group a database belongs to, named after the primary at its root: the node
// reached by following replication links back from `databaseId` (itself when nothing
// replicates into it). Two primaries of one group are a split brain; of two groups, they are
// not. The monitor and the Prometheus export label database targets with it (`cluster`).
QString replicationCluster(const TopologyData &topology, const QString &databaseId);

} // namespace infrastage::monitoring
