// Fix "add-lb-pair": a load balancer that is a single point of failure gets a passive peer.
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

// The peer shares a virtual IP with `lb` (keepalived/VRRP): the backup takes the address over
// when the master stops. Same backends, its own network links, DNS answering with the VIP.
void pairUp(TopologyData *t, const Node &lb) {
    QString vip = lb.text(QStringLiteral("vip"));
    if (vip.isEmpty()) {
        vip = FreeAddress::from(*t, lb.text(QStringLiteral("ip")));
        setProperty(t, lb.id, QStringLiteral("vip"), vip);
    }
    Node peer = lb;
    peer.id = t->uniqueId(lb.id);
    peer.name = FreshName::forHost(*t, lb.name);
    peer.properties.insert(QStringLiteral("vip"), vip);
    peer.properties.insert(QStringLiteral("ip"),
                           FreeAddress::from(*t, lb.text(QStringLiteral("ip")), {vip}));
    peer.properties.insert(QStringLiteral("priority"),
                           qMax<qint64>(1, lb.number(QStringLiteral("priority")) - 10));
    peer.position = lb.position + QPointF(0, 100);
    t->insertNode(t->nodeIndex(lb.id) + 1, peer);

    const QList<Link> links = t->links(); // a copy: the loop adds links
    for (const Link &l : links) {
        const bool from = l.from == lb.id;
        const bool to = l.to == lb.id;
        if (!from && !to)
            continue;
        if (l.kind == LinkKind::DnsRecord) {
            // The name resolves to the shared address, whichever peer holds it.
            Link record = l;
            if (record.text(QStringLiteral("type")) == QLatin1String("A")) {
                record.properties.insert(QStringLiteral("value"), vip);
                t->replaceLink(record);
            }
            continue;
        }
        if (l.kind != LinkKind::Backend && l.kind != LinkKind::Network)
            continue;
        // Same backends; a second, redundant network connection for each one of the master's.
        Link copy = l;
        copy.from = from ? peer.id : l.from;
        copy.to = to ? peer.id : l.to;
        copy.id = t->uniqueId(copy.from + QLatin1Char('-') + copy.to);
        t->appendLink(copy);
    }
}

} // namespace

bool addLoadBalancerPair(const Finding &finding, TopologyData *t, QString *error) {
    const QList<const Node *> lbs = findingNodes(*t, finding.nodes, NodeKind::LoadBalancer);
    if (lbs.isEmpty())
        return fail(error, tr("The finding names no load balancer to pair."));
    QList<Node> copies;
    for (const Node *n : lbs)
        copies.append(*n);
    for (const Node &lb : copies)
        pairUp(t, lb);
    return true;
}

} // namespace infrastage::fixes
