#include "serverpainter.h"

#include "model/nodecaption.h"
#include "model/nodegeometry.h"

#include <QPainter>

namespace infrastage::gui {

void ServerPainter::paint(QPainter *p, const NodePaintContext &c) const {
    constexpr qreal radius = 10;
    const QColor accent = c.theme.serverBorder;
    p->setRenderHint(QPainter::Antialiasing);

    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0, 0, 0, c.theme.dark ? 70 : 18));
    p->drawRoundedRect(c.rect.translated(0, 2), radius, radius);
    p->setBrush(c.theme.serverFill);
    QPen border(accent, c.hovered ? 2 : 1.4);
    p->setPen(border);
    p->drawRoundedRect(c.rect, radius, radius);

    const QRectF header(c.rect.left(), c.rect.top(), c.rect.width(), NodeGeometry::kServerHeader);
    const QRectF icon(header.left() + 10, header.center().y() - 11, 22, 22);
    drawIcon(p, NodeKind::Server, icon);

    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(10);
    p->setFont(f);
    p->setPen(c.theme.text);
    const QRectF title(icon.right() + 8, header.top(), header.width() - icon.width() - 28,
                       header.height());
    const QString ip = NodeCaption::detail(c.node);
    QFont small = f;
    small.setBold(false);
    small.setPointSizeF(8.5);
    const int ipWidth = QFontMetrics(small).horizontalAdvance(ip) + 8;
    drawText(p, title.adjusted(0, 0, -ipWidth, 0), c.node.name, Qt::AlignLeft | Qt::AlignVCenter);
    p->setFont(small);
    p->setPen(c.theme.mutedText);
    p->drawText(title, Qt::AlignRight | Qt::AlignVCenter, ip);

    drawStateRing(p, c, radius);
    drawSelection(p, c, radius);
}

} // namespace infrastage::gui
