#include "freshnames.h"

#include "model/defaultaddress.h"
#include "model/freeaddress.h"
#include "model/freshname.h"

namespace infrastage::gui::FreshNames {

QSet<QString> usedAddresses(const TopologyData &data) {
    return FreeAddress::used(data);
}

QString freeAddress(const TopologyData &data, const QString &start, const QSet<QString> &taken) {
    return FreeAddress::from(data, start, taken);
}

QString freshName(const TopologyData &data, const QString &name) {
    return FreshName::forHost(data, name);
}

QString defaultAddress(NodeKind kind) {
    return DefaultAddress::forKind(kind);
}

} // namespace infrastage::gui::FreshNames
