#include "replayscrubber.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace infrastage::gui {

namespace {
constexpr int kSlices = 200; // of the density bars
constexpr qreal kMargin = 6;
} // namespace

ReplayScrubber::ReplayScrubber(QWidget *parent)
    : QWidget(parent) {
    setMinimumWidth(200);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click or drag to go to any moment of the recording"));
}

QSize ReplayScrubber::sizeHint() const {
    return {600, 34};
}

void ReplayScrubber::setRecording(qint64 durationNs, const QList<qint64> &eventTimes,
                                  const QList<qint64> &requests, const QList<qint64> &faults) {
    m_duration = qMax<qint64>(1, durationNs);
    m_density = QList<int>(kSlices, 0);
    for (qint64 t : eventTimes)
        ++m_density[qBound(0, int(double(t) / double(m_duration) * kSlices), kSlices - 1)];
    m_requests = requests;
    m_faults = faults;
    m_position = 0;
    update();
}

void ReplayScrubber::setPosition(qint64 ns) {
    if (ns == m_position)
        return;
    m_position = ns;
    update();
}

qreal ReplayScrubber::xOf(qint64 ns) const {
    return kMargin + (width() - 2 * kMargin) * double(ns) / double(qMax<qint64>(1, m_duration));
}

qint64 ReplayScrubber::timeAt(qreal x) const {
    const double share = (x - kMargin) / qMax<qreal>(1, width() - 2 * kMargin);
    return qBound<qint64>(0, qint64(share * double(m_duration)), m_duration);
}

void ReplayScrubber::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF track(kMargin, 4, width() - 2 * kMargin, height() - 8);
    p.fillRect(track, pal.color(QPalette::Base));
    const int most =
        m_density.isEmpty() ? 0 : *std::max_element(m_density.begin(), m_density.end());
    const qreal slice = track.width() / kSlices;
    p.setPen(Qt::NoPen);
    p.setBrush(pal.color(QPalette::Mid));
    for (int i = 0; most > 0 && i < m_density.size(); ++i) {
        const qreal h = (track.height() - 4) * m_density.at(i) / most;
        p.drawRect(QRectF(track.left() + i * slice, track.bottom() - h, slice, h));
    }
    // What has been played is tinted.
    p.fillRect(QRectF(track.left(), track.top(), xOf(m_position) - track.left(), track.height()),
               QColor(pal.color(QPalette::Highlight).red(), pal.color(QPalette::Highlight).green(),
                      pal.color(QPalette::Highlight).blue(), 50));
    auto marks = [&](const QList<qint64> &times, const QColor &color) {
        p.setPen(QPen(color, 2));
        for (qint64 t : times)
            p.drawLine(QPointF(xOf(t), track.top()), QPointF(xOf(t), track.top() + 8));
    };
    marks(m_requests, QColor(0x1e, 0x6f, 0xd9));
    marks(m_faults, QColor(0xd9, 0x30, 0x25));
    const qreal x = xOf(m_position);
    p.setPen(QPen(pal.color(QPalette::Highlight), 2));
    p.drawLine(QPointF(x, 1), QPointF(x, height() - 1));
    p.setBrush(pal.color(QPalette::Highlight));
    p.drawEllipse(QPointF(x, height() / 2.0), 5, 5);
}

void ReplayScrubber::mousePressEvent(QMouseEvent *event) {
    if (event->button() != Qt::LeftButton)
        return;
    m_position = timeAt(event->position().x());
    update();
    emit scrubbed(m_position);
}

void ReplayScrubber::mouseMoveEvent(QMouseEvent *event) {
    if (!(event->buttons() & Qt::LeftButton))
        return;
    m_position = timeAt(event->position().x());
    update();
    emit scrubbed(m_position);
}

} // namespace infrastage::gui
