#include "diagramtext.h"

#include "kindinference.h"

namespace infrastage::DiagramText {

QStringList lines(const TopologyData &topology, const Node &node) {
    Q_UNUSED(topology);
    QStringList out;
    out.append(node.name.isEmpty() ? nodeKindLabel(node.kind) : node.name);
    const QString role =
        node.kind == NodeKind::Database ? node.text(QStringLiteral("role")) : QString();
    const InferredKind read = KindInference::fromLabel(out.first());
    // Servers are drawn as groups, which read back as servers whatever their title says.
    if (node.kind != NodeKind::Server && node.kind != NodeKind::Note &&
        (!read.known || read.kind != node.kind || read.databaseRole != role))
        out.append(KindInference::hintFor(node.kind, role));
    const QString ip = node.text(QStringLiteral("ip"));
    if (node.parent.isEmpty() && !ip.isEmpty())
        out.append(QStringLiteral("IP: %1").arg(ip));
    return out;
}

QString linkLabel(const Link &link) {
    switch (link.kind) {
    case LinkKind::Network:
        return link.text(QStringLiteral("label"));
    case LinkKind::Backend: {
        QString s = QStringLiteral("backend");
        if (link.number(QStringLiteral("weight")) != 1)
            s += QStringLiteral(" weight %1").arg(link.number(QStringLiteral("weight")));
        if (link.flag(QStringLiteral("backup")))
            s += QStringLiteral(" backup");
        return s;
    }
    case LinkKind::Upstream:
        return QStringLiteral("upstream");
    case LinkKind::Data: {
        const QString access = link.text(QStringLiteral("access"));
        return access == QLatin1String("read")    ? QStringLiteral("reads")
               : access == QLatin1String("write") ? QStringLiteral("writes")
                                                  : QStringLiteral("reads and writes");
    }
    case LinkKind::Replication:
        return QStringLiteral("replication");
    case LinkKind::DnsRecord:
        return QStringLiteral("DNS %1 %2")
            .arg(link.text(QStringLiteral("type")), link.text(QStringLiteral("name")));
    }
    return QString();
}

QList<const Node *> hosts(const TopologyData &topology) {
    QList<const Node *> out;
    for (const Node &n : topology.nodes()) {
        if (n.parent.isEmpty() || !topology.node(n.parent))
            out.append(&n);
    }
    return out;
}

} // namespace infrastage::DiagramText
