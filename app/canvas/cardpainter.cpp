#include "cardpainter.h"

#include "model/nodecaption.h"
#include "model/nodegeometry.h"
#include "model/textwidth.h"

#include <QPainter>
#include <QPainterPath>

namespace infrastage::gui {

void CardPainter::paint(QPainter *p, const NodePaintContext &c) const {
    constexpr qreal radius = 8;
    const QColor accent = DiagramTheme::kindColor(c.node.kind);
    p->setRenderHint(QPainter::Antialiasing);

    // Soft shadow, then the card.
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0, 0, 0, c.theme.dark ? 70 : 22));
    p->drawRoundedRect(c.rect.translated(0, 2), radius, radius);
    p->setBrush(c.theme.cardFill);
    p->setPen(QPen(c.hovered ? accent : c.theme.cardBorder, 1));
    p->drawRoundedRect(c.rect, radius, radius);

    // The kind's colour as a band on the left edge.
    QPainterPath band;
    band.addRoundedRect(c.rect, radius, radius);
    QPainterPath clip;
    clip.addRect(QRectF(c.rect.topLeft(), QSizeF(5, c.rect.height())));
    p->fillPath(band.intersected(clip), accent);

    const QRectF icon(c.rect.left() + 13, c.rect.center().y() - 16, 32, 32);
    drawIcon(p, c.node.kind, icon);

    // The name's lines above the detail line, each as high as TextWidth says, so the card's
    // height (NodeGeometry) holds them.
    const QStringList lines = NodeGeometry::wrapName(c.node, c.rect.width());
    const qreal lineHeight = TextWidth::lineHeight(TextWidth::Style::CardName);
    const qreal nameHeight = 20 + (lines.size() - 1) * lineHeight;
    const QRectF textRect(icon.right() + 10, c.rect.top() + 10, c.rect.right() - icon.right() - 14,
                          c.rect.height() - 20);
    QFont f = p->font();
    f.setBold(true);
    f.setPointSizeF(9);
    p->setFont(f);
    p->setPen(c.theme.text);
    drawLines(p, QRectF(textRect.topLeft(), QSizeF(textRect.width(), nameHeight)), lines,
              lineHeight);
    f.setBold(false);
    f.setPointSizeF(8.5);
    p->setFont(f);
    p->setPen(c.theme.mutedText);
    drawText(p, QRectF(textRect.left(), textRect.top() + nameHeight, textRect.width(), 20),
             NodeCaption::detail(c.node), Qt::AlignLeft | Qt::AlignVCenter);

    drawStateRing(p, c, radius);
    drawSelection(p, c, radius);
}

} // namespace infrastage::gui
