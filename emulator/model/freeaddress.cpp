#include "freeaddress.h"

#include "defaultaddress.h"
#include "designaddress.h"

namespace infrastage {

namespace {
constexpr quint32 kSearchRange = 65536; // a /16 after the start is more than any design holds
const char *const kAddressKeys[] = {"ip", "vip"};
} // namespace

QSet<QString> FreeAddress::used(const TopologyData &data) {
    QSet<QString> used;
    for (const Node &n : data.nodes()) {
        for (const char *key : kAddressKeys) {
            const QString a = n.text(QString::fromLatin1(key));
            if (!a.isEmpty())
                used.insert(a);
        }
    }
    return used;
}

QString FreeAddress::from(const TopologyData &data, const QString &start,
                          const QSet<QString> &taken) {
    quint32 a = 0;
    if (!parseIPv4(start, &a))
        return start;
    const QSet<QString> inUse = used(data) + taken;
    for (quint32 i = 0; i < kSearchRange && a + i >= a; ++i) {
        const quint32 last = (a + i) % 256;
        if (last == 0 || last == 255) // network and broadcast-looking addresses
            continue;
        const QString candidate = formatIPv4(a + i);
        if (!inUse.contains(candidate))
            return candidate;
    }
    return start;
}

QString FreeAddress::forKind(const TopologyData &data, NodeKind kind, const QSet<QString> &taken) {
    const QString start = DefaultAddress::forKind(kind);
    return start.isEmpty() ? start : from(data, start, taken);
}

} // namespace infrastage
