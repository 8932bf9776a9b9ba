#pragma once

#include "model/topologydata.h"

#include <QSet>

namespace infrastage::fixes {

// Helpers the fixes share: fresh ids, names and addresses, and where to put new nodes.

// `start` if no node uses it as design IP or virtual IP, else the next free address after it.
QString freeAddress(const TopologyData &t, const QString &start, const QSet<QString> &taken = {});
// `name`, or "name 2", "name 3", ... if a host already has it.
QString freshName(const TopologyData &t, const QString &name);
// The next free row inside server `serverId` (relative position, as the canvas stacks rows).
QPointF nextComponentPosition(const TopologyData &t, const QString &serverId);
// Adds a component of `kind` to `serverId` (id "<server>-<suffix>"); returns its id.
QString addComponent(TopologyData *t, const QString &serverId, NodeKind kind, const QString &suffix,
                     const QString &name);
// Adds a link with default properties (id "<from>-<to>"); returns its id.
QString addLink(TopologyData *t, LinkKind kind, const QString &from, const QString &to);
// Sets one property of node `id`.
void setProperty(TopologyData *t, const QString &id, const QString &key, const QVariant &value);
// Nodes of the finding that are of `kind` (with a database's server listed, the database).
QList<const Node *> findingNodes(const TopologyData &t, const QStringList &ids, NodeKind kind);
bool fail(QString *error, const QString &message);

} // namespace infrastage::fixes
