#include "notepainter.h"

#include "model/nodegeometry.h"
#include "model/textwidth.h"

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
    // The name wraps as NodeGeometry sized the note for it; the text goes below.
    const QStringList lines = NodeGeometry::wrapName(c.node, c.rect.width());
    const qreal lineHeight = TextWidth::lineHeight(TextWidth::Style::CardName);
    for (int i = 0; i < lines.size(); ++i)
        drawText(p, QRectF(inner.left(), inner.top() + i * lineHeight, inner.width(), 16),
                 lines.at(i), Qt::AlignLeft | Qt::AlignTop);
    const qreal title = NodeGeometry::kNoteTitle + (lines.size() - 1) * lineHeight;
    f.setBold(false);
    p->setFont(f);
    p->drawText(inner.adjusted(0, title, 0, 0), Qt::AlignLeft | Qt::TextWordWrap,
                c.node.text(QStringLiteral("text")));
    drawSelection(p, c, 3);
}

} // namespace infrastage::gui
