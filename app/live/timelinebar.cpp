#include "timelinebar.h"

#include <QMouseEvent>
#include <QPainter>

namespace infrastage::gui {

namespace {
constexpr qreal kMargin = 14;
}

TimelineBar::TimelineBar(QWidget *parent)
    : QWidget(parent) {
    setMinimumHeight(40);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Timeline"));
    setCursor(Qt::PointingHandCursor);
}

void TimelineBar::setTicks(const QList<double> &offsetsMs) {
    m_offsets = offsetsMs;
    if (m_current >= m_offsets.size())
        m_current = int(m_offsets.size()) - 1;
    update();
}

void TimelineBar::setCurrent(int index) {
    m_current = index;
    update();
}

QSize TimelineBar::sizeHint() const {
    return {400, 40};
}

qreal TimelineBar::xOf(int index) const {
    // Steps are evenly spaced: their real gaps range from microseconds to seconds.
    const int n = int(m_offsets.size());
    if (n <= 1)
        return kMargin;
    return kMargin + (width() - 2 * kMargin) * index / (n - 1);
}

int TimelineBar::indexAt(qreal x) const {
    int best = -1;
    qreal bestDistance = 1e9;
    for (int i = 0; i < m_offsets.size(); ++i) {
        const qreal d = qAbs(xOf(i) - x);
        if (d < bestDistance) {
            best = i;
            bestDistance = d;
        }
    }
    return best;
}

void TimelineBar::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal y = 12;
    const QColor line = palette().color(QPalette::Mid);
    const QColor accent = palette().color(QPalette::Highlight);
    p.setPen(QPen(line, 2));
    p.drawLine(QPointF(kMargin, y), QPointF(width() - kMargin, y));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    p.setFont(small);
    const int n = int(m_offsets.size());
    const int labelEvery = qMax(1, int(n * 60 / qMax(1, width())));
    for (int i = 0; i < n; ++i) {
        const qreal x = xOf(i);
        const bool current = i == m_current;
        p.setPen(Qt::NoPen);
        p.setBrush(current ? accent : (i < m_current ? accent.lighter(150) : line));
        p.drawEllipse(QPointF(x, y), current ? 6 : 4, current ? 6 : 4);
        if (current || i % labelEvery == 0) {
            p.setPen(palette().color(current ? QPalette::Text : QPalette::PlaceholderText));
            const QString label = QStringLiteral("%1 ms").arg(m_offsets.at(i), 0, 'f', 1);
            p.drawText(QRectF(x - 40, y + 8, 80, 16), Qt::AlignCenter, label);
        }
    }
}

void TimelineBar::mousePressEvent(QMouseEvent *event) {
    const int i = indexAt(event->position().x());
    if (i >= 0 && i != m_current)
        emit scrubbed(i);
}

void TimelineBar::mouseMoveEvent(QMouseEvent *event) {
    if (event->buttons() & Qt::LeftButton)
        mousePressEvent(event);
}

} // namespace infrastage::gui
