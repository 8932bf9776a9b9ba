#pragma once

#include "model/topologydata.h"

#include <QSet>

namespace infrastage::gui {

// Fresh names and free design addresses for nodes that are dropped, pasted or duplicated.
namespace FreshNames {

// Every design IP and virtual IP in use.
QSet<QString> usedAddresses(const TopologyData &data);
// `start` if free, else the next address after it that is neither used nor in `taken`.
QString freeAddress(const TopologyData &data, const QString &start,
                    const QSet<QString> &taken = {});
// "Server 3" for "Server 1" when "Server 1" and "Server 2" exist; a name without a number
// gets " 2", " 3", ... only when it is already taken.
QString freshName(const TopologyData &data, const QString &name);
// The address a new node of `kind` starts from ("8.8.8.8" for a load balancer, ...).
QString defaultAddress(NodeKind kind);

} // namespace FreshNames

} // namespace infrastage::gui
