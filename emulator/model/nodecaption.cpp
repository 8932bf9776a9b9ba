#include "nodecaption.h"

#include <QCoreApplication>

namespace infrastage::NodeCaption {

QString detail(const Node &n) {
    // The context the canvas has always translated these under.
    auto tr = [](const char *s) { return QCoreApplication::translate("NodePainter", s); };
    const QString ip = n.text(QStringLiteral("ip"));
    switch (n.kind) {
    case NodeKind::Client:
        return tr("Browser");
    case NodeKind::Dns:
        return tr("DNS · %1").arg(ip);
    case NodeKind::LoadBalancer: {
        QString s = tr("IP: %1").arg(ip);
        const QString vip = n.text(QStringLiteral("vip"));
        if (!vip.isEmpty())
            s += tr(" · VIP %1").arg(vip);
        s += QStringLiteral(" · ") + n.text(QStringLiteral("algorithm"));
        if (n.flag(QStringLiteral("tls")))
            s += tr(" · HTTPS");
        return s;
    }
    case NodeKind::Server:
        return tr("IP: %1").arg(ip);
    case NodeKind::Web:
        return tr("Nginx · :%1").arg(n.number(QStringLiteral("port")));
    case NodeKind::App:
        return tr(":%1 · %2 workers")
            .arg(n.number(QStringLiteral("port")))
            .arg(n.number(QStringLiteral("workers")));
    case NodeKind::Files:
        return n.text(QStringLiteral("root"));
    case NodeKind::Database: {
        QString s = tr("%1 · :%2")
                        .arg(n.text(QStringLiteral("role")))
                        .arg(n.number(QStringLiteral("port")));
        if (n.flag(QStringLiteral("auto_failover")))
            s += tr(" · failover");
        return s;
    }
    case NodeKind::Firewall: {
        const QString allow = n.text(QStringLiteral("allow"));
        const QString base = ip.isEmpty() ? QString() : ip + QStringLiteral(" · ");
        return base + tr("allow %1").arg(allow.isEmpty() ? tr("nothing") : allow);
    }
    case NodeKind::Monitoring:
        return ip.isEmpty() ? n.text(QStringLiteral("tool"))
                            : QStringLiteral("%1 · %2").arg(ip, n.text(QStringLiteral("tool")));
    case NodeKind::Note:
        return n.text(QStringLiteral("text"));
    }
    return QString();
}

} // namespace infrastage::NodeCaption
