#include "livetagitem.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

namespace infrastage::gui {

namespace {
QFont tagFont() {
    QFont f = QGuiApplication::font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    return f;
}
} // namespace

LiveTagItem::LiveTagItem(QGraphicsItem *parent)
    : QGraphicsObject(parent) {
    setZValue(20);
    setAcceptedMouseButtons(Qt::NoButton);
    // Drawn once per text as a pixmap: the load's dots pass under the tags every frame, and
    // laying out the text again each time was 14 % of the GUI thread at 2,000 requests/s.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

void LiveTagItem::setText(const QString &text, const QColor &color) {
    if (text == m_text && color == m_color)
        return;
    prepareGeometryChange();
    m_text = text;
    m_color = color;
    const QFontMetricsF fm(tagFont());
    const qreal w = qMin<qreal>(fm.horizontalAdvance(text), 260) + 10;
    m_rect = QRectF(0, 0, w, fm.height() + 4);
    update();
}

QRectF LiveTagItem::boundingRect() const {
    return m_rect;
}

void LiveTagItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) {
    if (m_text.isEmpty())
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_color);
    painter->drawRoundedRect(m_rect, m_rect.height() / 2, m_rect.height() / 2);
    painter->setFont(tagFont());
    painter->setPen(m_color.lightnessF() > 0.6 ? Qt::black : Qt::white);
    const QString shown =
        painter->fontMetrics().elidedText(m_text, Qt::ElideRight, int(m_rect.width() - 8));
    painter->drawText(m_rect, Qt::AlignCenter, shown);
}

} // namespace infrastage::gui
