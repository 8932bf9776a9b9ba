#include "notepainter.h"

#include <QPainter>

namespace infrastage::gui {

void NotePainter::paint(QPainter *p, const NodePaintContext &c) const {
    p->setRenderHint(QPainter::Antialiasing);
    p->setBrush(c.theme.noteFill);
    p->setPen(QPen(DiagramTheme::kindColor(NodeKind::Note), 1));
    p->drawRoundedRect(c.rect, 3, 3);
    QFont f = p->font();
    f.setPointSizeF(8.5);
    f.setBold(true);
    p->setFont(f);
    p->setPen(c.theme.text);
    const QRectF inner = c.rect.adjusted(8, 6, -8, -6);
    p->drawText(QRectF(inner.topLeft(), QSizeF(inner.width(), 16)), Qt::AlignLeft, c.node.name);
    f.setBold(false);
    p->setFont(f);
    p->drawText(inner.adjusted(0, 18, 0, 0), Qt::AlignLeft | Qt::TextWordWrap,
                c.node.text(QStringLiteral("text")));
    drawSelection(p, c, 3);
}

} // namespace infrastage::gui
