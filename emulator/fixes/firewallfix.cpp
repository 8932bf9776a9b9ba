// Fix "add-firewall": a firewall in front of the entry point, host firewalls on the servers.
#include "fixsupport.h"

#include "analysis/finding.h"
#include "model/freeaddress.h"
#include "model/freshname.h"

#include <QCoreApplication>

namespace infrastage::fixes {

namespace {

QString tr(const char *s) {
    return QCoreApplication::translate("Fixes", s);
}

bool hasComponent(const TopologyData &t, const QString &serverId, NodeKind kind) {
    return t.child(serverId, kind) != nullptr;
}

// The edge firewall takes the place of `host` at the end of every client's network link and
// joins `host` with a link of its own.
void putInFront(TopologyData *t, const QString &firewallId, const QString &hostId) {
    const QList<Link> links = t->links();
    for (const Link &l : links) {
        if (l.kind != LinkKind::Network)
            continue;
        const Node *a = t->node(l.from);
        const Node *b = t->node(l.to);
        if (!a || !b)
            continue;
        Link rerouted = l;
        if (a->kind == NodeKind::Client && l.to == hostId)
            rerouted.to = firewallId;
        else if (b->kind == NodeKind::Client && l.from == hostId)
            rerouted.from = firewallId;
        else
            continue;
        bool duplicate = false;
        for (const Link &o : t->links())
            duplicate = duplicate || (o.id != l.id && o.kind == LinkKind::Network &&
                                      o.from == rerouted.from && o.to == rerouted.to);
        if (duplicate)
            t->removeLinkAt(t->linkIndex(l.id)); // the client already reaches the firewall
        else
            t->replaceLink(rerouted);
    }
    addLink(t, LinkKind::Network, firewallId, hostId);
}

} // namespace

bool addFirewall(const Finding &finding, TopologyData *t, QString *error) {
    QList<const Node *> targets = findingNodes(*t, finding.nodes, NodeKind::Server);
    const QList<const Node *> lbs = findingNodes(*t, finding.nodes, NodeKind::LoadBalancer);
    if (targets.isEmpty() && lbs.isEmpty())
        return fail(error, tr("The finding names no server or load balancer to protect."));

    QStringList servers;
    for (const Node *s : targets)
        servers.append(s->id);
    for (const QString &id : servers) {
        if (!hasComponent(*t, id, NodeKind::Firewall))
            addComponent(t, id, NodeKind::Firewall, QStringLiteral("fw"), tr("Host Firewall"));
    }

    if (!lbs.isEmpty()) {
        QStringList entries;
        for (const Node *lb : lbs)
            entries.append(lb->id);
        const Node &first = *t->node(entries.first());
        Node fw = makeNode(NodeKind::Firewall, t->uniqueId(QStringLiteral("fw-edge")),
                           FreshName::forHost(*t, tr("Edge Firewall")));
        fw.properties.insert(QStringLiteral("ip"), FreeAddress::forKind(*t, NodeKind::Firewall));
        fw.position = first.position + QPointF(0, -140);
        t->insertNode(t->nodeIndex(first.id), fw);
        for (const QString &id : entries)
            putInFront(t, fw.id, id);
    }
    return true;
}

} // namespace infrastage::fixes
