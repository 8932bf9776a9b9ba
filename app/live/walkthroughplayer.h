#pragma once

#include "gateway/walkthroughstep.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace infrastage::gui {

class TimelineBar;
class WaterfallView;

// The walkthrough player: one request's steps with their captions, Previous / Next, Play /
// Pause at a chosen speed, a timeline to scrub, the hop inspector (what crossed the hop, in
// and out, and the time on the wire versus inside the node) and the waterfall of the request.
// Steps can arrive while the request is still under way.
class WalkthroughPlayer final : public QWidget {
    Q_OBJECT

public:
    explicit WalkthroughPlayer(QWidget *parent = nullptr);

    // A new request: `title` says which ("GET http://www.foobar.com/").
    void begin(const QString &title);
    void addStep(const runtime::WalkthroughStep &step);
    // The whole of a request at once (a finished walkthrough, one picked from the event log).
    void setSteps(const QString &title, const QList<runtime::WalkthroughStep> &steps);
    void setOutcome(const QString &text);

    const QList<runtime::WalkthroughStep> &steps() const { return m_steps; }
    int current() const { return m_current; }
    void setCurrent(int index);
    void next();
    void previous();
    void play();
    void pause();
    bool isPlaying() const;
    // Seconds per step while playing (teaching speed).
    void setSecondsPerStep(double seconds);

    QString inspectorText() const; // for tests: what the hop inspector shows

Q_SIGNALS:
    // The step now shown; the canvas moves the request's token across its hop.
    void stepShown(const infrastage::runtime::WalkthroughStep &step);

private:
    void refresh();
    QString inspectorHtml(int index) const;

    QList<runtime::WalkthroughStep> m_steps;
    int m_current = -1;
    QLabel *m_title;
    QLabel *m_caption;
    QListWidget *m_list;
    TimelineBar *m_timeline;
    QPushButton *m_previous;
    QPushButton *m_play;
    QPushButton *m_next;
    QComboBox *m_speed;
    QTextBrowser *m_inspector;
    WaterfallView *m_waterfall;
    QTimer *m_timer;
};

} // namespace infrastage::gui
