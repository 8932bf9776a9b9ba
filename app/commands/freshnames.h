#pragma once

#include "model/topologydata.h"

#include <QSet>

namespace infrastage::gui {

// The designer's names for the model's rules on fresh names and free design addresses
// (FreshName, FreeAddress, DefaultAddress in emulator/model), which the fixes and the importer
// use too. Kept only until the editing commands call the model directly.
namespace FreshNames {

QSet<QString> usedAddresses(const TopologyData &data);
QString freeAddress(const TopologyData &data, const QString &start,
                    const QSet<QString> &taken = {});
QString freshName(const TopologyData &data, const QString &name);
QString defaultAddress(NodeKind kind);

} // namespace FreshNames

} // namespace infrastage::gui
