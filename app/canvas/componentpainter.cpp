#include "componentpainter.h"

#include "model/nodecaption.h"
#include "model/nodegeometry.h"
#include "model/textwidth.h"

#include <QPainter>

namespace infrastage::gui {

void ComponentPainter::paint(QPainter *p, const NodePaintContext &c) const {
    constexpr qreal radius = 6;
    const QColor accent = DiagramTheme::kindColor(c.node.kind);
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(c.theme.componentFill);
    p->setPen(QPen(c.hovered ? accent : c.theme.cardBorder, 1));
    p->drawRoundedRect(c.rect, radius, radius);

    const QRectF icon(c.rect.left() + 8, c.rect.center().y() - 13, 26, 26);
    drawIcon(p, c.node.kind, icon);

    const QStringList lines = NodeGeometry::wrapName(c.node, c.rect.width());
    const qreal lineHeight = TextWidth::lineHeight(TextWidth::Style::ComponentName);
    const qreal nameHeight = 17 + (lines.size() - 1) * lineHeight;
    const QRectF text(icon.right() + 8, c.rect.top() + 4, c.rect.right() - icon.right() - 14,
                      c.rect.height() - 8);
    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(8.5);
    p->setFont(f);
    p->setPen(c.theme.text);
    drawLines(p, QRectF(text.topLeft(), QSizeF(text.width(), nameHeight)), lines, lineHeight);
    f.setBold(false);
    f.setPointSizeF(7.5);
    p->setFont(f);
    p->setPen(c.theme.mutedText);
    drawText(p, QRectF(text.left(), text.top() + nameHeight, text.width(), 17),
             NodeCaption::detail(c.node), Qt::AlignLeft | Qt::AlignVCenter);

    drawStateRing(p, c, radius);
    drawSelection(p, c, radius);
}

} // namespace infrastage::gui
