#include "freshnames.h"

#include "model/designaddress.h"

#include <QRegularExpression>

namespace infrastage::gui::FreshNames {

QSet<QString> usedAddresses(const TopologyData &data) {
    QSet<QString> used;
    for (const Node &n : data.nodes()) {
        for (const char *key : {"ip", "vip"}) {
            const QString a = n.text(QString::fromLatin1(key));
            if (!a.isEmpty())
                used.insert(a);
        }
    }
    return used;
}

QString freeAddress(const TopologyData &data, const QString &start, const QSet<QString> &taken) {
    quint32 a = 0;
    if (!parseIPv4(start, &a))
        return start;
    const QSet<QString> used = usedAddresses(data) + taken;
    for (quint32 i = 0; i < 65536; ++i) {
        const QString candidate = formatIPv4(a + i);
        // Skip network and broadcast-looking addresses.
        if ((a + i) % 256 == 0 || (a + i) % 256 == 255)
            continue;
        if (!used.contains(candidate))
            return candidate;
    }
    return start;
}

QString freshName(const TopologyData &data, const QString &name) {
    QSet<QString> names;
    for (const Node &n : data.nodes()) {
        if (n.parent.isEmpty())
            names.insert(n.name);
    }
    if (!names.contains(name))
        return name;
    static const QRegularExpression numbered(QStringLiteral("^(.*\\D)\\s*(\\d+)$"));
    const QRegularExpressionMatch m = numbered.match(name);
    const QString stem = m.hasMatch() ? m.captured(1).trimmed() : name;
    for (int i = m.hasMatch() ? m.captured(2).toInt() + 1 : 2;; ++i) {
        const QString candidate = QStringLiteral("%1 %2").arg(stem).arg(i);
        if (!names.contains(candidate))
            return candidate;
    }
}

QString defaultAddress(NodeKind kind) {
    switch (kind) {
    case NodeKind::Dns:
        return QStringLiteral("8.8.4.4");
    case NodeKind::LoadBalancer:
        return QStringLiteral("8.8.8.8");
    case NodeKind::Server:
        return QStringLiteral("192.168.1.10");
    case NodeKind::Firewall:
        return QStringLiteral("8.8.8.1");
    case NodeKind::Monitoring:
        return QStringLiteral("10.0.0.9");
    default:
        return QString();
    }
}

} // namespace infrastage::gui::FreshNames
