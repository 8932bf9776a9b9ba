#include "freshname.h"

#include <QRegularExpression>

namespace infrastage {

QString FreshName::forHost(const TopologyData &data, const QString &name,
                           const QSet<QString> &taken) {
    QSet<QString> names = taken;
    for (const Node &n : data.nodes()) {
        if (n.parent.isEmpty())
            names.insert(n.name);
    }
    if (!names.contains(name))
        return name;
    static const QRegularExpression numbered(QStringLiteral("^(.*\\D)\\s*(\\d+)$"));
    const QRegularExpressionMatch m = numbered.match(name);
    const QString stem = m.hasMatch() ? m.captured(1).trimmed() : name;
    // A number too large for an int starts again at 2 rather than overflowing.
    bool ok = false;
    const int number = m.hasMatch() ? m.captured(2).toInt(&ok) : 0;
    for (int i = ok && number < 1000000 ? number + 1 : 2;; ++i) {
        const QString candidate = QStringLiteral("%1 %2").arg(stem).arg(i);
        if (!names.contains(candidate))
            return candidate;
    }
}

} // namespace infrastage
