#include "vipgroup.h"

#include <QCryptographicHash>

#include <algorithm>

namespace infrastage {

int VipGroup::routerId() const {
    const QByteArray digest = QCryptographicHash::hash(vip.toUtf8(), QCryptographicHash::Sha256);
    return 1 + quint8(digest.at(0)) % 254;
}

QList<VipGroup> VipGroup::of(const TopologyData &topology) {
    QList<VipGroup> groups;
    for (const Node &n : topology.nodes()) {
        const QString vip = n.text(QStringLiteral("vip"));
        if (n.kind != NodeKind::LoadBalancer || vip.isEmpty())
            continue;
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const VipGroup &g) { return g.vip == vip; });
        if (it == groups.end())
            groups.append(VipGroup{vip, {&n}});
        else
            it->members.append(&n);
    }
    for (VipGroup &g : groups)
        std::stable_sort(g.members.begin(), g.members.end(), [](const Node *a, const Node *b) {
            return a->number(QStringLiteral("priority")) > b->number(QStringLiteral("priority"));
        });
    return groups;
}

VipGroup VipGroup::find(const TopologyData &topology, const QString &nodeId) {
    for (const VipGroup &g : of(topology)) {
        for (const Node *n : g.members) {
            if (n->id == nodeId)
                return g;
        }
    }
    return VipGroup();
}

} // namespace infrastage
