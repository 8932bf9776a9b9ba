#pragma once

#include "lessons/lessonresult.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace infrastage::gui {

// The Lesson dock: the lesson's title, the caption of the step being played, what it did,
// Next / Run to End / Stop, and each expectation as it was checked against the real run (✓ held,
// ✗ did not, with what was measured), then the closing line.
class LessonPanel final : public QWidget {
    Q_OBJECT

public:
    explicit LessonPanel(QWidget *parent = nullptr);

    // A lesson of `steps` steps begins (its design is starting).
    void begin(const QString &title, int steps);
    void showStep(int index, const QString &caption);
    void stepDone(const runtime::LessonStepResult &result, bool waitingForNext);
    void finish(const runtime::LessonSummary &summary);
    void fail(const QString &reason); // the lesson could not be played

    QString caption() const;     // the step under way, for presenter mode and tests
    QStringList results() const; // "✓ expect status 200 (status 200)", for tests

Q_SIGNALS:
    void nextRequested();
    void runToEndRequested();
    void stopRequested();

private:
    void setPlaying(bool playing, bool canGoOn);

    int m_steps = 0;
    QLabel *m_title;
    QLabel *m_progress;
    QLabel *m_caption;
    QListWidget *m_results;
    QLabel *m_summary;
    QPushButton *m_next;
    QPushButton *m_runToEnd;
    QPushButton *m_stop;
};

} // namespace infrastage::gui
