#include "lessonrunner.h"

#include "designgateway.h"
#include "io/topologyfile.h"

#include <QTimer>

#include <cmath>

namespace infrastage::runtime {

namespace {

// A load's keep-alive connections: enough for a classroom rate, few enough for a laptop.
constexpr int LoadConnections = 2;

bool applyOverrides(const QList<Lesson::Override> &overrides, TopologyData *topology,
                    QString *error) {
    for (const Lesson::Override &o : overrides) {
        const Node *found = topology->node(o.node);
        if (!found) {
            *error =
                QStringLiteral("set %1 %2: the design has no node '%1'").arg(o.node, o.property);
            return false;
        }
        Node n = *found;
        n.properties.insert(o.property, o.value);
        topology->replaceNode(n);
    }
    return true;
}

} // namespace

LessonRunner::LessonRunner(DesignGateway *gateway, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_wait(new QTimer(this)) {
    m_wait->setSingleShot(true);
    connect(m_wait, &QTimer::timeout, this, [this] { actionDone(QString()); });
    connect(m_gateway, &DesignGateway::running, this, [this] {
        if (m_running && m_index < 0)
            beginStep();
    });
    connect(m_gateway, &DesignGateway::startFailed, this, [this](const QString &why) {
        if (!m_running)
            return;
        m_summary.error = QStringLiteral("the design did not start: %1").arg(why);
        finish();
    });
    connect(m_gateway, &DesignGateway::stopped, this, [this] {
        if (!m_running)
            return;
        if (!m_ending) // stopped under us: the lesson cannot go on
            m_summary.error = QStringLiteral("the design was stopped");
        finish();
    });
    connect(m_gateway, &DesignGateway::event, this, [this](const RuntimeEvent &e) {
        if (m_running)
            m_observations.add(e);
    });
    connect(m_gateway, &DesignGateway::requestFinished, this,
            [this](int id, const Walkthrough &w, const Walkthrough &) {
                if (id != m_requestId || id == 0)
                    return;
                m_requestId = 0;
                m_context.walkthrough = w;
                const Walkthrough::Client &c = w.client();
                m_step.action += c.error.isEmpty() ? QStringLiteral(": status %1").arg(c.status)
                                                   : QStringLiteral(": ") + c.error;
                actionDone(QString());
            });
    connect(m_gateway, &DesignGateway::requestFailed, this, [this](int id, const QString &why) {
        if (id != m_requestId || id == 0)
            return;
        m_requestId = 0;
        m_context.requestError = why;
        m_step.action += QStringLiteral(": no answer (%1)").arg(why);
        actionDone(QString());
    });
}

bool LessonRunner::start(const Lesson &lesson, QString *error) {
    if (m_running) {
        *error = QStringLiteral("a lesson is already playing");
        return false;
    }
    m_lesson = lesson;
    ++m_run;
    m_observations = LessonObservations();
    m_summary = LessonSummary();
    m_summary.title = lesson.title.isEmpty() ? lesson.design : lesson.title;
    m_summary.stepCount = int(lesson.steps.size());
    m_index = -1;
    m_ending = m_cancelled = m_waiting = false;
    const RuntimeState state = m_gateway->state();
    if (state == RuntimeState::Running) {
        m_startedDesign = false;
        m_running = true;
        QTimer::singleShot(0, this, &LessonRunner::beginStep);
        return true;
    }
    TopologyData topology;
    if (!design(lesson, &topology, error))
        return false;
    m_running = true;
    if (!m_gateway->start(topology, error)) {
        m_running = false;
        return false;
    }
    m_startedDesign = true;
    return true;
}

bool LessonRunner::design(const Lesson &lesson, TopologyData *topology, QString *error) {
    return TopologyFile::load(lesson.design, topology, error) &&
           applyOverrides(lesson.overrides, topology, error);
}

void LessonRunner::next() {
    if (!m_waiting)
        return;
    m_waiting = false;
    QTimer::singleShot(0, this, &LessonRunner::beginStep);
}

void LessonRunner::cancel() {
    m_cancelled = true;
    if (m_waiting) {
        next();
        return;
    }
    if (m_wait->isActive()) {
        m_wait->stop();
        actionDone(QStringLiteral("cancelled"));
    }
}

void LessonRunner::beginStep() {
    if (!m_running || m_ending) // the design was stopped under the lesson: finished already
        return;
    ++m_index;
    if (m_cancelled || m_index >= m_lesson.steps.size()) {
        endLesson(m_cancelled ? QStringLiteral("cancelled") : QString());
        return;
    }
    const LessonStep &s = m_lesson.steps.at(m_index);
    m_step = LessonStepResult();
    m_step.index = m_index;
    m_step.caption = s.caption;
    m_step.action = s.action.describe();
    m_context = StepContext();
    m_context.startNs = RuntimeEvent::nowNs();
    m_nextExpectation = 0;
    emit stepStarted(m_index, s.caption);
    const LessonAction &a = s.action;
    QString error;
    switch (a.kind) {
    case LessonActionKind::None:
        actionDone(QString());
        return;
    case LessonActionKind::Request: {
        RequestSpec spec;
        spec.method = a.method;
        spec.url = a.url;
        spec.body = a.body;
        spec.userAgent = "infrastage lesson";
        m_context.sentRequest = true;
        m_requestId = m_gateway->sendRequest(spec, &error);
        if (m_requestId == 0)
            actionDone(error);
        return; // requestFinished or requestFailed goes on
    }
    case LessonActionKind::Load: {
        LoadSpec spec;
        spec.url = a.url;
        spec.rate = a.rate;
        spec.requests = std::max(1, int(std::ceil(a.rate * a.seconds)));
        spec.concurrency = LoadConnections;
        m_gateway->startLoad(spec, &error);
        actionDone(error);
        return;
    }
    case LessonActionKind::Fault:
        m_gateway->inject(a.fault, &error);
        actionDone(error);
        return;
    case LessonActionKind::Wait:
        m_wait->start(int(a.seconds * 1000));
        return;
    }
}

void LessonRunner::actionDone(const QString &error) {
    m_step.actionError = error;
    checkNext();
}

void LessonRunner::checkNext() {
    const QList<Expectation> &list = m_lesson.steps.at(m_index).expectations;
    if (m_nextExpectation >= list.size()) {
        m_summary.steps.append(m_step);
        emit stepFinished(m_step);
        if (m_stepping && m_index + 1 < m_lesson.steps.size()) {
            m_waiting = true;
            return;
        }
        QTimer::singleShot(0, this, &LessonRunner::beginStep);
        return;
    }
    auto *check = new ExpectationCheck(m_gateway, &m_observations, m_context,
                                       list.at(m_nextExpectation++), this);
    connect(check, &ExpectationCheck::done, this,
            [this, check, run = m_run](const ExpectationResult &r) {
                check->deleteLater();
                if (!m_running || run != m_run) // a check of a lesson that ended already
                    return;
                m_step.expectations.append(r);
                checkNext();
            });
    check->start();
}

void LessonRunner::endLesson(const QString &error) {
    m_summary.error = error;
    m_ending = true;
    if (m_gateway->isLoadRunning())
        m_gateway->stopLoad();
    if (m_startedDesign && m_gateway->state() != RuntimeState::Stopped) {
        m_gateway->stop(); // finish() when stopped
        return;
    }
    finish();
}

void LessonRunner::finish() {
    m_running = false;
    m_waiting = false;
    m_wait->stop();
    m_requestId = 0;
    emit finished(m_summary);
}

} // namespace infrastage::runtime
