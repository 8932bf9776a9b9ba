#include "fixsupport.h"

#include "model/designaddress.h"

#include <QRegularExpression>

namespace infrastage::fixes {

QString freeAddress(const TopologyData &t, const QString &start, const QSet<QString> &taken) {
    QSet<QString> used = taken;
    for (const Node &n : t.nodes()) {
        for (const char *key : {"ip", "vip"}) {
            const QString a = n.text(QString::fromLatin1(key));
            if (!a.isEmpty())
                used.insert(a);
        }
    }
    quint32 a = 0;
    if (!parseIPv4(start, &a))
        return start;
    for (quint32 i = 0; i < 65536; ++i) {
        if ((a + i) % 256 == 0 || (a + i) % 256 == 255)
            continue;
        const QString candidate = formatIPv4(a + i);
        if (!used.contains(candidate))
            return candidate;
    }
    return start;
}

QString freshName(const TopologyData &t, const QString &name) {
    QSet<QString> names;
    for (const Node &n : t.nodes())
        names.insert(n.name);
    if (!names.contains(name))
        return name;
    for (int i = 2;; ++i) {
        const QString candidate = QStringLiteral("%1 %2").arg(name).arg(i);
        if (!names.contains(candidate))
            return candidate;
    }
}

QPointF nextComponentPosition(const TopologyData &t, const QString &serverId) {
    qreal y = 40; // below the server box's title band
    for (const Node *c : t.children(serverId))
        y = qMax(y, c->position.y() + 50);
    return {10, y};
}

QString addComponent(TopologyData *t, const QString &serverId, NodeKind kind, const QString &suffix,
                     const QString &name) {
    Node n = makeNode(kind, t->uniqueId(serverId + QLatin1Char('-') + suffix), name);
    n.parent = serverId;
    n.position = nextComponentPosition(*t, serverId);
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
