#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace infrastage::gui {

class ReplayController;
class ReplayScrubber;

// The replay's controls, under the canvas while a recording plays: Play / Pause, back to the
// start, the speed, the timeline to scrub, the time, and Close.
class ReplayBar final : public QWidget {
    Q_OBJECT

public:
    ReplayBar(ReplayController *controller, QWidget *parent = nullptr);

    ReplayScrubber *scrubber() const { return m_scrubber; }

private:
    void onOpened();
    void showPosition(qint64 ns);

    ReplayController *m_controller;
    QToolButton *m_play;
    QToolButton *m_restart;
    QComboBox *m_speed;
    ReplayScrubber *m_scrubber;
    QLabel *m_time;
    QToolButton *m_close;
};

} // namespace infrastage::gui
