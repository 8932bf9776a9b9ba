#include "fixsupport.h"

#include "model/componentplacement.h"

namespace infrastage::fixes {

QString addComponent(TopologyData *t, const QString &serverId, NodeKind kind, const QString &suffix,
                     const QString &name) {
    Node n = makeNode(kind, t->uniqueId(serverId + QLatin1Char('-') + suffix), name);
    n.parent = serverId;
    n.position = ComponentPlacement::next(*t, serverId);
    if (n.properties.contains(QStringLiteral("ip")))
        n.properties.insert(QStringLiteral("ip"), QString()); // on the host, no address of its own
    t->appendNode(n);
    return n.id;
}

QString addLink(TopologyData *t, LinkKind kind, const QString &from, const QString &to) {
    Link l = makeLink(kind, t->uniqueId(from + QLatin1Char('-') + to), from, to);
    t->appendLink(l);
    return l.id;
}

void setProperty(TopologyData *t, const QString &id, const QString &key, const QVariant &value) {
    const Node *n = t->node(id);
    if (!n)
        return;
    Node edited = *n;
    edited.properties.insert(key, value);
    t->replaceNode(edited);
}

QList<const Node *> findingNodes(const TopologyData &t, const QStringList &ids, NodeKind kind) {
    QList<const Node *> out;
    for (const QString &id : ids) {
        const Node *n = t.node(id);
        if (n && n->kind == kind && !out.contains(n))
            out.append(n);
    }
    return out;
}

bool fail(QString *error, const QString &message) {
    if (error)
        *error = message;
    return false;
}

} // namespace infrastage::fixes
