#pragma once

#include "lessons/lesson.h"
#include "lessons/lessonresult.h"

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;

namespace infrastage::gui {

class FileController;
class Document;
class LessonPanel;
class LiveDocks;
class RunController;

// Lessons in the designer: Open Lesson… (or a shipped one from the Lessons menu) opens the
// lesson's design, runs it (with the lesson's `set` overrides) and plays the lesson step by
// step with the same LessonRunner as `infrastage-cli lesson`, for real, through the live
// session: its requests animate in the walkthrough player, its faults show on the canvas and
// in the Faults dock, and the Lesson dock shows each expectation as it held or not.
class LessonPlayer final : public QObject {
    Q_OBJECT

public:
    LessonPlayer(QMainWindow *window, Document *document, FileController *files,
                 RunController *runner, LiveDocks *docks);

    QMenu *menu() const { return m_menu; }
    QAction *openAction() const { return m_open; }
    LessonPanel *panel() const { return m_panel; }

    // Reads `path`, opens its design and starts playing it (a design already running is stopped
    // first); false (and said why) if it cannot.
    bool open(const QString &path);
    bool isOpen() const { return m_state != State::Closed; }
    // Waiting for Next between two steps.
    bool isWaiting() const { return m_state == State::Waiting; }
    void next();
    void runToEnd();
    void stop(); // ends the lesson; the design keeps running
    QString caption() const;

    // Where the shipped lessons are (examples/lessons).
    static QString lessonsDirectory();

Q_SIGNALS:
    void statusMessage(const QString &message);
    void captionChanged(const QString &caption); // the step under way ("" when none)
    void finished(const infrastage::runtime::LessonSummary &summary);

private:
    // Closed -> Starting (the design) -> Playing (a step) <-> Waiting (for Next) -> Over.
    enum class State { Closed, Starting, Playing, Waiting, Over };

    void fillMenu();
    void refuse(const QString &reason);
    void startRunner();
    void onStepStarted(int index, const QString &caption);

    QMainWindow *m_window;
    Document *m_document;
    FileController *m_files;
    RunController *m_runner;
    LiveDocks *m_docks;
    LessonPanel *m_panel;
    QMenu *m_menu;
    QAction *m_open;
    runtime::Lesson m_lesson;
    QString m_pendingPath; // opened once the running design has stopped
    State m_state = State::Closed;
    bool m_toEnd = false;
};

} // namespace infrastage::gui
