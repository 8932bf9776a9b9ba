#pragma once

#include "expectationcheck.h"
#include "lesson.h"
#include "lessonobservations.h"
#include "lessonresult.h"

#include <QObject>

namespace infrastage {
class TopologyData;
}

class QTimer;

namespace infrastage::runtime {

class DesignGateway;

// Plays a lesson on a DesignGateway, step by step, for real: starts the design (unless the
// gateway already runs one), performs each step's action, checks its expectations against the
// run (ExpectationCheck), and reports each step, then the whole lesson. Asynchronous throughout
// (no nested event loop): the GUI and `infrastage-cli lesson` drive it the same way. A design
// it started it also stops, before `finished`. Stepping (the designer's Next) makes it wait
// after each step but the last until next() is called.
class LessonRunner final : public QObject {
    Q_OBJECT

public:
    explicit LessonRunner(DesignGateway *gateway, QObject *parent = nullptr);

    // Reads the lesson's design, applies its overrides and begins. False, with the reason, when
    // it cannot begin (design unreadable, an override names no node, the gateway is busy).
    bool start(const Lesson &lesson, QString *error);
    void cancel(); // the step under way ends the lesson; finished follows
    bool isRunning() const { return m_running; }

    // Stepping on: after each step but the last, wait for next(). Off (the default): go on.
    void setStepping(bool on) { m_stepping = on; }
    bool isWaiting() const { return m_waiting; }
    void next(); // while waiting: plays the next step (all the rest when stepping is off)

    // The lesson's design as the runner starts it: the file read, the `set` overrides applied.
    static bool design(const Lesson &lesson, TopologyData *topology, QString *error);

signals:
    void stepStarted(int index, const QString &caption);
    void stepFinished(const infrastage::runtime::LessonStepResult &result);
    void finished(const infrastage::runtime::LessonSummary &summary);

private:
    void beginStep();
    void actionDone(const QString &error);
    void checkNext();
    void endLesson(const QString &error);
    void finish();

    DesignGateway *m_gateway;
    QTimer *m_wait;
    Lesson m_lesson;
    LessonObservations m_observations;
    LessonSummary m_summary;
    LessonStepResult m_step;
    StepContext m_context;
    int m_run = 0; // counts start(): a late answer of an earlier lesson is ignored
    int m_index = -1;
    int m_requestId = 0;
    int m_nextExpectation = 0;
    bool m_running = false;
    bool m_startedDesign = false;
    bool m_ending = false;
    bool m_cancelled = false;
    bool m_stepping = false;
    bool m_waiting = false;
};

} // namespace infrastage::runtime
