#pragma once

#include "model/topologydata.h"

namespace infrastage::fixes {

// Helpers the fixes share. Names, addresses and component rows follow the model's rules
// (FreshName, FreeAddress, ComponentPlacement), the same the designer uses.

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
