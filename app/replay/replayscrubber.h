#pragma once

#include <QWidget>

namespace infrastage::gui {

// The replay's timeline: the whole recording from left to right, how busy each moment was
// (events per slice, as bars), a mark where each request of a walkthrough began (blue) and
// each fault struck (red), and the playhead. Click or drag anywhere to scrub.
class ReplayScrubber final : public QWidget {
    Q_OBJECT

public:
    explicit ReplayScrubber(QWidget *parent = nullptr);

    // The recording's length, the times of its events, requests and faults (ns since start).
    void setRecording(qint64 durationNs, const QList<qint64> &eventTimes,
                      const QList<qint64> &requests, const QList<qint64> &faults);
    void setPosition(qint64 ns);
    qint64 position() const { return m_position; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void scrubbed(qint64 ns);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    qreal xOf(qint64 ns) const;
    qint64 timeAt(qreal x) const;

    qint64 m_duration = 0;
    qint64 m_position = 0;
    QList<int> m_density; // events per slice of the width
    QList<qint64> m_requests;
    QList<qint64> m_faults;
};

} // namespace infrastage::gui
