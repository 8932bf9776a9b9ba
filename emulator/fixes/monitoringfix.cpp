// Fix "add-monitoring": a monitoring host watching the load balancers and an agent on every
// server.
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

// Below everything, left-aligned with the first load balancer (or the first host).
QPointF freePlace(const TopologyData &t) {
    qreal bottom = 0;
    qreal x = 0;
    bool haveX = false;
    for (const Node &n : t.nodes()) {
        if (!n.parent.isEmpty())
            continue;
        const qreal height = n.kind == NodeKind::Server ? 50 + 50 * t.children(n.id).size() : 60;
        bottom = qMax(bottom, n.position.y() + height);
        if (n.kind == NodeKind::LoadBalancer && !haveX) {
            x = n.position.x();
            haveX = true;
        }
    }
    return {x, bottom + 60};
}

} // namespace

bool addMonitoring(const Finding &finding, TopologyData *t, QString *) {
    QString monitor;
    for (const Node &n : t->nodes()) {
        if (n.kind == NodeKind::Monitoring && n.parent.isEmpty()) {
            monitor = n.id;
            break;
        }
    }
    if (monitor.isEmpty()) {
        Node m = makeNode(NodeKind::Monitoring, t->uniqueId(QStringLiteral("monitoring")),
                          FreshName::forHost(*t, tr("Monitoring")));
        m.properties.insert(QStringLiteral("ip"), FreeAddress::forKind(*t, NodeKind::Monitoring));
        m.position = freePlace(*t);
        t->appendNode(m);
        monitor = m.id;
    }
    const QString tool = t->node(monitor)->text(QStringLiteral("tool"));

    // Agents on every server; the other hosts the finding names are watched over the network.
    QStringList servers;
    for (const Node &n : t->nodes()) {
        if (n.kind == NodeKind::Server && !t->child(n.id, NodeKind::Monitoring))
            servers.append(n.id);
    }
    for (const QString &id : servers) {
        const QString agent = addComponent(t, id, NodeKind::Monitoring, QStringLiteral("agent"),
                                           tr("Monitoring Agent"));
        setProperty(t, agent, QStringLiteral("tool"), tool);
    }
    for (const QString &id : finding.nodes) {
        const Node *n = t->node(id);
        if (!n || !n->parent.isEmpty() || n->kind == NodeKind::Server || id == monitor)
            continue;
        bool linked = false;
        for (const Link *l : t->linksFrom(monitor))
            linked = linked || l->to == id;
        if (!linked)
            addLink(t, LinkKind::Network, monitor, id);
    }
    return true;
}

} // namespace infrastage::fixes
