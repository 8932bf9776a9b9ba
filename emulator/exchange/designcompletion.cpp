#include "designcompletion.h"

#include "model/designaddress.h"
#include "model/freeaddress.h"
#include "model/kindspec.h"
#include "model/validator.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace infrastage {

namespace {

bool validId(const QString &id) {
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$"));
    return re.match(id).hasMatch();
}

QString idBase(const QString &id) {
    QString s;
    for (const QChar c : id) {
        if ((c.isLetterOrNumber() && c.unicode() < 0x80) || c == QLatin1Char('_') ||
            c == QLatin1Char('-') || c == QLatin1Char('.'))
            s += c;
        else if (!s.endsWith(QLatin1Char('-')))
            s += QLatin1Char('-');
    }
    while (s.startsWith(QLatin1Char('-')) || s.startsWith(QLatin1Char('.')))
        s.remove(0, 1);
    s = s.left(DesignCompletion::kMaxIdLength - 8); // room for uniqueId's "-N"
    while (s.endsWith(QLatin1Char('-')))
        s.chop(1);
    return s.isEmpty() ? QStringLiteral("node") : s;
}

bool listensOnPort(NodeKind k) {
    return k == NodeKind::Web || k == NodeKind::App || k == NodeKind::Database;
}

} // namespace

void DesignCompletion::complete(TopologyData *t, QStringList *filled, QStringList *removed) {
    fixIds(t, filled);
    fixNames(t, filled);
    fixAddresses(t, filled);
    fixPorts(t, filled);
    dropInvalid(t, removed);
}

void DesignCompletion::fixIds(TopologyData *t, QStringList *filled) {
    QHash<QString, QString> renamed;
    for (const Node &n : t->nodes()) {
        if (!validId(n.id))
            renamed.insert(n.id, QString());
    }
    for (const Link &l : t->links()) {
        if (!validId(l.id))
            renamed.insert(l.id, QString());
    }
    if (renamed.isEmpty())
        return;
    TopologyData out;
    out.name = t->name;
    out.description = t->description;
    auto fresh = [&](const QString &old) {
        QString id = idBase(old);
        for (int i = 2; out.node(id) || out.link(id) || t->node(id) || t->link(id); ++i)
            id = QStringLiteral("%1-%2").arg(idBase(old)).arg(i);
        return id;
    };
    for (const Node &n : t->nodes()) {
        Node copy = n;
        if (renamed.contains(n.id)) {
            copy.id = fresh(n.id);
            renamed[n.id] = copy.id;
            filled->append(QStringLiteral("'%1' gets the id '%2' (ids are letters, digits, "
                                          "'_', '.', ':' and '-', at most %3)")
                               .arg(n.name.left(60), copy.id)
                               .arg(kMaxIdLength));
        }
        copy.parent = renamed.value(n.parent, n.parent);
        out.appendNode(copy);
    }
    for (const Link &l : t->links()) {
        Link copy = l;
        if (renamed.contains(l.id))
            copy.id = fresh(l.id);
        copy.from = renamed.value(l.from, l.from);
        copy.to = renamed.value(l.to, l.to);
        out.appendLink(copy);
    }
    *t = out;
}

void DesignCompletion::fixNames(TopologyData *t, QStringList *filled) {
    const QList<Node> nodes = t->nodes();
    for (const Node &n : nodes) {
        if (n.name.size() <= kMaxNameLength)
            continue;
        Node copy = n;
        copy.name = n.name.left(kMaxNameLength - 1) + QChar(0x2026);
        filled->append(QStringLiteral("the name of '%1' is cut to %2 characters")
                           .arg(n.id)
                           .arg(kMaxNameLength));
        t->replaceNode(copy);
    }
}

void DesignCompletion::fixAddresses(TopologyData *t, QStringList *filled) {
    const QString ipKey = QStringLiteral("ip");
    const QString vipKey = QStringLiteral("vip");
    QSet<QString> owned;              // addresses already given to a host in document order
    QHash<QString, QString> replaced; // host id -> why its drawn address could not stay
    const QList<Node> nodes = t->nodes();
    // First pass: keep every good, unique address; clear the rest.
    for (const Node &n : nodes) {
        if (!n.parent.isEmpty() || !n.properties.contains(ipKey))
            continue;
        const QString ip = n.text(ipKey);
        if (ip.isEmpty())
            continue;
        if (!parseIPv4(ip, nullptr) || owned.contains(ip)) {
            replaced.insert(n.id, QStringLiteral("%1, %2").arg(
                                      ip.left(40), owned.contains(ip)
                                                       ? QStringLiteral("which another host "
                                                                        "already has")
                                                       : QStringLiteral("which is not an "
                                                                        "IPv4 address")));
            Node copy = n;
            copy.properties.insert(ipKey, QString());
            t->replaceNode(copy);
            continue;
        }
        owned.insert(ip);
    }
    // Second pass: hosts that must have an address get the first free one from their
    // kind's default, as a node dropped on the canvas does.
    // (Nodes are read as copies: replacing one may move the others.)
    for (const Node &original : nodes) {
        const Node current = *t->node(original.id);
        const Node *n = &current;
        if (!n->parent.isEmpty() || !n->properties.contains(ipKey) || !n->text(ipKey).isEmpty())
            continue;
        const bool needs = nodeKindSpec(n->kind).needsAddress || n->kind == NodeKind::Firewall ||
                           n->kind == NodeKind::Monitoring;
        if (!needs)
            continue;
        const QString ip = FreeAddress::forKind(*t, n->kind);
        if (ip.isEmpty())
            continue;
        Node copy = *n;
        copy.properties.insert(ipKey, ip);
        t->replaceNode(copy);
        if (replaced.contains(n->id))
            filled->append(
                QStringLiteral("'%1' was drawn with the address %2; it gets %3, the "
                               "first free address from a new %4's")
                    .arg(n->name.left(60), replaced.value(n->id), ip, nodeKindLabel(n->kind)));
        else
            filled->append(QStringLiteral("'%1' has no design IP in the drawing; it gets %2, the "
                                          "first free address from a new %3's")
                               .arg(n->name.left(60), ip, nodeKindLabel(n->kind)));
    }
    // Virtual IPs must not be a host's own address.
    for (const Node &original : nodes) {
        const Node current = *t->node(original.id);
        const Node *n = &current;
        const QString vip = n->text(vipKey);
        if (n->kind != NodeKind::LoadBalancer || vip.isEmpty())
            continue;
        bool clash = !parseIPv4(vip, nullptr);
        for (const Node &o : t->nodes())
            clash = clash || (o.parent.isEmpty() && o.text(ipKey) == vip);
        if (!clash)
            continue;
        // Every peer sharing the old VIP moves to the same new one.
        const QString fresh = FreeAddress::from(*t, parseIPv4(vip, nullptr) ? vip : n->text(ipKey));
        const QList<Node> peers = t->nodes(); // a copy: nodes are replaced while walking
        for (const Node &o : peers) {
            if (o.kind == NodeKind::LoadBalancer && o.text(vipKey) == vip) {
                Node copy = o;
                copy.properties.insert(vipKey, fresh);
                t->replaceNode(copy);
            }
        }
        filled->append(QStringLiteral("the virtual IP %1 of '%2' is a host's own address; the "
                                      "pair shares %3 instead")
                           .arg(vip.left(40), n->name.left(60), fresh));
    }
}

void DesignCompletion::fixPorts(TopologyData *t, QStringList *filled) {
    QHash<QString, QSet<qint64>> used; // server id -> ports taken
    const QList<Node> nodes = t->nodes();
    for (const Node &n : nodes) {
        if (n.parent.isEmpty() || !listensOnPort(n.kind))
            continue;
        QSet<qint64> &ports = used[n.parent];
        qint64 port = n.number(QStringLiteral("port"));
        if (!ports.contains(port)) {
            ports.insert(port);
            continue;
        }
        const qint64 was = port;
        while (ports.contains(port) && port < 65535)
            ++port;
        ports.insert(port);
        Node copy = n;
        copy.properties.insert(QStringLiteral("port"), port);
        t->replaceNode(copy);
        const Node *server = t->node(n.parent);
        filled->append(QStringLiteral("'%1' and another part of '%2' both listen on port %3; "
                                      "'%1' moves to %4")
                           .arg(n.name.left(60), server ? server->name.left(60) : n.parent)
                           .arg(was)
                           .arg(port));
    }
}

void DesignCompletion::dropInvalid(TopologyData *t, QStringList *removed) {
    // What is still wrong after filling in: links that no kind allows, duplicates, nodes in
    // the wrong place. Removed, a few rounds at most (removing a node removes its links).
    for (int round = 0; round < 3; ++round) {
        const ValidationIssues issues = validateTopology(*t);
        if (issues.isEmpty())
            return;
        QSet<QString> links;
        QSet<QString> nodes;
        for (const ValidationIssue &i : issues) {
            if (!i.structural)
                continue; // loadable; the analysis shows it as a finding
            if (!i.linkId.isEmpty() && t->link(i.linkId))
                links.insert(i.linkId);
            else if (!i.nodeId.isEmpty() && t->node(i.nodeId))
                nodes.insert(i.nodeId);
            else
                continue;
            removed->append(QStringLiteral("%1; removed").arg(i.toString()));
        }
        for (int i = int(t->links().size()) - 1; i >= 0; --i) {
            const Link &l = t->links().at(i);
            if (links.contains(l.id) || nodes.contains(l.from) || nodes.contains(l.to))
                t->removeLinkAt(i);
        }
        for (int i = int(t->nodes().size()) - 1; i >= 0; --i) {
            const Node &n = t->nodes().at(i);
            if (nodes.contains(n.id) || nodes.contains(n.parent))
                t->removeNodeAt(i);
        }
        if (links.isEmpty() && nodes.isEmpty())
            return;
    }
}

} // namespace infrastage
