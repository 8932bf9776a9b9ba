#include "mermaidloadbalancers.h"

#include "kindinference.h"
#include "model/freeaddress.h"

#include <QRegularExpression>
#include <QSet>

namespace infrastage {

namespace {

const QRegularExpression &tlsWords() {
    static const QRegularExpression re(
        QStringLiteral(R"(\b(ssl|https|tls|443|certificates?|certs?)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &pairWords() {
    static const QRegularExpression re(
        QStringLiteral(R"(\b(vip|virtual ip|floating ip|keepalived|vrrp|active|passive|standby|)"
                       R"(backup|master|failover|fail-over|heartbeat|ha|high availability|)"
                       R"(cluster(ed)?|pair)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &backupWords() {
    static const QRegularExpression re(QStringLiteral(R"(\b(passive|standby|backup|secondary)\b)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

void MermaidLoadBalancers::share(TopologyData *t, const QString &from, const QString &to) {
    const QList<Link> links = t->links(); // a copy: links are added
    for (const Link &l : links) {
        if ((l.from != from && l.to != from) ||
            (l.kind != LinkKind::Backend && l.kind != LinkKind::Network))
            continue;
        const QString a = l.from == from ? to : l.from;
        const QString b = l.to == from ? to : l.to;
        if (a == b || (a == to && b == from) || (a == from && b == to))
            continue;
        bool exists = false;
        for (const Link &o : t->links())
            exists = exists || (o.kind == l.kind &&
                                ((o.from == a && o.to == b) ||
                                 (l.kind == LinkKind::Network && o.from == b && o.to == a)));
        if (exists)
            continue;
        Link copy = l;
        copy.from = a;
        copy.to = b;
        copy.id = t->uniqueId(a.left(27) + QLatin1Char('-') + b.left(27));
        t->appendLink(copy);
    }
}

void MermaidLoadBalancers::pair(TopologyData *t, const QString &master, const QString &backup,
                                const QString &vip, QStringList *explanations) {
    const QString vipKey = QStringLiteral("vip");
    const QString ipKey = QStringLiteral("ip");
    QString shared = vip;
    if (shared.isEmpty()) {
        // Next to the master's drawn address, else where a new load balancer's would go.
        const QString drawn = t->node(master)->text(ipKey).isEmpty() ? t->node(backup)->text(ipKey)
                                                                     : t->node(master)->text(ipKey);
        shared = drawn.isEmpty() ? FreeAddress::forKind(*t, NodeKind::LoadBalancer)
                                 : FreeAddress::from(*t, drawn);
    }
    int priority = 100;
    for (const QString &id : {master, backup}) {
        Node n = *t->node(id);
        n.properties.insert(vipKey, shared);
        n.properties.insert(QStringLiteral("priority"), priority);
        if (n.text(ipKey) == shared)
            n.properties.insert(ipKey, QString()); // its own address is filled in later
        t->replaceNode(n);
        priority -= 10;
    }
    share(t, master, backup);
    share(t, backup, master);
    // The name resolves to the shared address, whichever peer holds it.
    const QList<Link> links = t->links(); // a copy: records are replaced while walking
    for (const Link &l : links) {
        if (l.kind == LinkKind::DnsRecord && (l.to == master || l.to == backup) &&
            l.text(QStringLiteral("type")) == QLatin1String("A")) {
            Link record = l;
            record.properties.insert(QStringLiteral("value"), shared);
            t->replaceLink(record);
        }
    }
    explanations->append(QStringLiteral("%1, %2: an active-passive pair sharing the virtual IP %3 "
                                        "(%1 holds it, priority 100; %2 takes over, priority 90)")
                             .arg(master, backup, shared));
}

void MermaidLoadBalancers::read(const MermaidGraph &graph, const QList<MermaidEdge> &edges,
                                const QHash<QString, QString> &resolved, TopologyData *t,
                                QStringList *explanations) {
    QStringList lbs;
    for (const Node &n : t->nodes()) {
        if (n.kind == NodeKind::LoadBalancer)
            lbs.append(n.id);
    }
    if (lbs.isEmpty())
        return;
    QHash<QString, QString> text; // lb id -> its labels and the titles around it
    QHash<QString, QString> subgraphOf;
    for (const MermaidSubgraph &sg : graph.subgraphs) {
        for (const QString &m : sg.members) {
            const QString id = resolved.value(m);
            if (lbs.contains(id)) {
                subgraphOf.insert(id, sg.id);
                text[id] += QLatin1Char('\n') + sg.title;
            }
        }
    }
    QSet<QString> tls;
    for (const MermaidNode &n : graph.nodes) {
        const QString id = resolved.value(n.id);
        if (!lbs.contains(id))
            continue;
        text[id] += QLatin1Char('\n') + n.label;
        const QRegularExpressionMatch m = tlsWords().match(n.label);
        if (m.hasMatch() && !tls.contains(id)) {
            tls.insert(id);
            explanations->append(
                QStringLiteral("%1: HTTPS on: its label says '%2'").arg(id, m.captured(0)));
        }
    }
    bool pairEvidence = false;
    QString vip;
    for (const MermaidEdge &e : edges) {
        const QString a = resolved.value(e.from);
        const QString b = resolved.value(e.to);
        const bool atA = lbs.contains(a);
        const bool atB = lbs.contains(b);
        if (!atA && !atB)
            continue;
        const QRegularExpressionMatch m = tlsWords().match(e.label);
        for (const QString &id : {a, b}) {
            if (lbs.contains(id) && m.hasMatch() && !tls.contains(id)) {
                tls.insert(id);
                explanations->append(QStringLiteral("%1: HTTPS on: a link of it (line %2) says "
                                                    "'%3'")
                                         .arg(id)
                                         .arg(e.line)
                                         .arg(m.captured(0)));
            }
        }
        if (atA && atB && a != b)
            pairEvidence = true;
        if (pairWords().match(e.label).hasMatch())
            pairEvidence = true;
        if (vip.isEmpty())
            vip = KindInference::virtualAddressFromLabel(e.label);
    }
    for (const QString &id : std::as_const(tls)) {
        Node lb = *t->node(id);
        lb.properties.insert(QStringLiteral("tls"), true);
        lb.properties.insert(QStringLiteral("redirect_http"), true);
        t->replaceNode(lb);
    }
    if (lbs.size() < 2)
        return;
    for (const QString &id : std::as_const(lbs)) {
        pairEvidence = pairEvidence || pairWords().match(text.value(id)).hasMatch();
        if (vip.isEmpty())
            vip = KindInference::virtualAddressFromLabel(text.value(id));
    }
    static const QRegularExpression vipBox(QStringLiteral(R"(\b(vip|virtual ip|floating ip)\b)"),
                                           QRegularExpression::CaseInsensitiveOption);
    for (const MermaidNode &n : graph.nodes) {
        if (vip.isEmpty())
            vip = KindInference::virtualAddressFromLabel(n.label);
        pairEvidence = pairEvidence || vipBox.match(n.label).hasMatch();
    }
    for (const MermaidSubgraph &sg : graph.subgraphs) {
        if (vip.isEmpty())
            vip = KindInference::virtualAddressFromLabel(sg.title);
    }
    for (int i = 0; i + 1 < lbs.size() && !pairEvidence; ++i)
        pairEvidence = subgraphOf.contains(lbs.at(i)) &&
                       subgraphOf.value(lbs.at(i)) == subgraphOf.value(lbs.at(i + 1));
    if (!pairEvidence)
        return;
    for (int i = 0; i + 1 < lbs.size(); i += 2) {
        QString master = lbs.at(i);
        QString backup = lbs.at(i + 1);
        if (backupWords().match(text.value(master)).hasMatch() &&
            !backupWords().match(text.value(backup)).hasMatch())
            std::swap(master, backup);
        pair(t, master, backup, i == 0 ? vip : QString(), explanations);
    }
}

} // namespace infrastage
