#pragma once

#include <QWidget>

namespace infrastage::gui {

// The walkthrough player's timeline: one tick per step, labelled with its time since the
// request began, the current step highlighted. Click or drag to scrub to a step.
class TimelineBar final : public QWidget {
    Q_OBJECT

public:
    explicit TimelineBar(QWidget *parent = nullptr);

    void setTicks(const QList<double> &offsetsMs); // one per step, in order
    void setCurrent(int index);
    int current() const { return m_current; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void scrubbed(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    qreal xOf(int index) const;
    int indexAt(qreal x) const;

    QList<double> m_offsets;
    int m_current = -1;
};

} // namespace infrastage::gui
