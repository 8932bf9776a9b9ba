#include "nodepainter.h"

#include "cardpainter.h"
#include "componentpainter.h"
#include "iconcache.h"
#include "notepainter.h"
#include "serverpainter.h"

#include <QCoreApplication>
#include <QPaintEngine>
#include <QPainter>
#include <QSvgRenderer>

namespace infrastage::gui {

const NodePainter &NodePainter::forNode(const Node &node) {
    static const CardPainter card;
    static const ServerPainter server;
    static const ComponentPainter component;
    static const NotePainter note;
    if (!node.parent.isEmpty())
        return component;
    if (node.kind == NodeKind::Server)
        return server;
    if (node.kind == NodeKind::Note)
        return note;
    return card;
}

QString NodePainter::detailText(const Node &n) {
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

void NodePainter::drawStateRing(QPainter *painter, const NodePaintContext &c, qreal radius) {
    const QColor color = DiagramTheme::stateColor(c.state);
    if (!color.isValid())
        return;
    painter->setPen(QPen(color, 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(c.rect.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius);
}

void NodePainter::drawSelection(QPainter *painter, const NodePaintContext &c, qreal radius) {
    if (!c.selected)
        return;
    painter->setPen(QPen(c.theme.selection, 2.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(c.rect.adjusted(-3, -3, 3, 3), radius + 3, radius + 3);
}

void NodePainter::drawIcon(QPainter *painter, NodeKind kind, const QRectF &rect) {
    const QPaintEngine *engine = painter->paintEngine();
    const bool vector =
        engine && (engine->type() == QPaintEngine::SVG || engine->type() == QPaintEngine::Pdf ||
                   engine->type() == QPaintEngine::Picture);
    if (vector) {
        initResources();
        QSvgRenderer renderer(IconCache::iconPath(kind));
        renderer.render(painter, rect);
        return;
    }
    const qreal scale = painter->transform().m11();
    const qreal dpr = qMax<qreal>(1, painter->device()->devicePixelRatioF() * scale);
    // Round up so zoomed-in icons stay sharp without caching every zoom step.
    const qreal bucket = dpr <= 1 ? 1 : dpr <= 2 ? 2 : dpr <= 4 ? 4 : 8;
    painter->drawPixmap(rect, IconCache::pixmap(kind, int(rect.width()), bucket),
                        QRectF(QPointF(0, 0), rect.size() * bucket));
}

void NodePainter::drawText(QPainter *painter, const QRectF &rect, const QString &text, int flags) {
    const QString elided =
        painter->fontMetrics().elidedText(text, Qt::ElideRight, int(rect.width()));
    painter->drawText(rect, flags, elided);
}

} // namespace infrastage::gui
