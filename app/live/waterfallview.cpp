#include "waterfallview.h"

#include <QHash>
#include <QPainter>

namespace infrastage::gui {

using runtime::WalkthroughStep;

namespace {
constexpr int kRow = 20;
constexpr int kLabel = 150;
} // namespace

WaterfallView::WaterfallView(QWidget *parent)
    : QWidget(parent) {
    setAccessibleName(tr("Waterfall"));
}

void WaterfallView::setSteps(const QList<WalkthroughStep> &steps) {
    m_spans.clear();
    m_totalMs = 0;
    QHash<QString, int> index;  // node -> its span
    QHash<QString, int> depths; // node -> nesting depth
    for (const WalkthroughStep &s : steps) {
        if (!index.contains(s.node)) {
            // A node is nested under the node the request came from.
            const int depth = s.from.isEmpty() || s.from == s.node ? 0 : depths.value(s.from) + 1;
            depths.insert(s.node, depth);
            index.insert(s.node, int(m_spans.size()));
            m_spans.append({s.node, depth, s.offsetMs, s.offsetMs});
        }
        Span &span = m_spans[index.value(s.node)];
        span.endMs = qMax(span.endMs, s.offsetMs);
        m_totalMs = qMax(m_totalMs, s.offsetMs);
    }
    setMinimumHeight(int(m_spans.size()) * kRow + 8);
    updateGeometry();
    update();
}

void WaterfallView::setCurrentNode(const QString &node) {
    m_current = node;
    update();
}

QSize WaterfallView::sizeHint() const {
    return {420, int(m_spans.size()) * kRow + 8};
}

void WaterfallView::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal width = qMax(40, this->width() - kLabel - 70);
    const double total = m_totalMs > 0 ? m_totalMs : 1;
    const QColor bar = palette().color(QPalette::Highlight);
    for (int i = 0; i < m_spans.size(); ++i) {
        const Span &s = m_spans.at(i);
        const int y = 4 + i * kRow;
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(4 + s.depth * 12, y, kLabel - s.depth * 12, kRow),
                   Qt::AlignVCenter | Qt::AlignLeft, s.node);
        const qreal x0 = kLabel + width * s.startMs / total;
        const qreal x1 = qMax(x0 + 3, kLabel + width * s.endMs / total);
        p.setPen(Qt::NoPen);
        p.setBrush(s.node == m_current ? bar : bar.lighter(160));
        p.drawRoundedRect(QRectF(x0, y + 4, x1 - x0, kRow - 8), 3, 3);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(x1 + 4, y, 70, kRow), Qt::AlignVCenter | Qt::AlignLeft,
                   QStringLiteral("%1 ms").arg(s.endMs - s.startMs, 0, 'f', 2));
    }
}

} // namespace infrastage::gui
