#include "defaultaddress.h"

namespace infrastage {

QString DefaultAddress::forKind(NodeKind kind) {
    switch (kind) {
    case NodeKind::Dns:
        return QString::fromLatin1(kDns);
    case NodeKind::LoadBalancer:
        return QString::fromLatin1(kLoadBalancer);
    case NodeKind::Server:
        return QString::fromLatin1(kServer);
    case NodeKind::Firewall:
        return QString::fromLatin1(kFirewall);
    case NodeKind::Monitoring:
        return QString::fromLatin1(kMonitoring);
    default:
        return QString();
    }
}

} // namespace infrastage
