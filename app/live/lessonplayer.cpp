#include "lessonplayer.h"

#include "dock.h"
#include "lessonpanel.h"
#include "livedocks.h"
#include "livesession.h"
#include "runcontroller.h"

#include "document/document.h"
#include "document/filecontroller.h"
#include "document/templategallery.h"
#include "lessons/lessonparser.h"
#include "lessons/lessonrunner.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>

#include <utility>

namespace infrastage::gui {

using runtime::LessonRunner;
using runtime::RuntimeState;

LessonPlayer::LessonPlayer(QMainWindow *window, Document *document, FileController *files,
                           RunController *runner, LiveDocks *docks)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_files(files)
    , m_runner(runner)
    , m_docks(docks)
    , m_panel(new LessonPanel(window))
    , m_menu(new QMenu(tr("&Lessons"), window))
    , m_open(new QAction(tr("Open &Lesson…"), this)) {
    qRegisterMetaType<runtime::LessonStepResult>();
    qRegisterMetaType<runtime::LessonSummary>();
    addDock(window, QStringLiteral("LessonDock"), tr("Lesson"), m_panel, Qt::RightDockWidgetArea);
    m_open->setObjectName(QStringLiteral("openLesson"));
    m_open->setToolTip(tr("Play a lesson step by step on its design, for real"));
    connect(m_open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Open Lesson"), lessonsDirectory(), tr("Lessons (*.lesson)"));
        if (!path.isEmpty())
            open(path);
    });
    m_menu->setObjectName(QStringLiteral("lessonsMenu"));
    fillMenu();
    connect(m_panel, &LessonPanel::nextRequested, this, &LessonPlayer::next);
    connect(m_panel, &LessonPanel::runToEndRequested, this, &LessonPlayer::runToEnd);
    connect(m_panel, &LessonPanel::stopRequested, this, &LessonPlayer::stop);

    LiveSession *session = runner->session();
    connect(session, &LiveSession::stateChanged, this,
            [this](RuntimeState state, const QString &detail) {
                if (state == RuntimeState::Stopped && !m_pendingPath.isEmpty())
                    open(std::exchange(m_pendingPath, QString()));
                else if (m_state == State::Starting && state == RuntimeState::Running)
                    startRunner();
                else if (m_state == State::Starting && state == RuntimeState::Failed)
                    refuse(tr("The lesson's design did not start: %1").arg(detail));
            });
    LessonRunner *lessons = session->lessons();
    connect(lessons, &LessonRunner::stepStarted, this, &LessonPlayer::onStepStarted);
    connect(lessons, &LessonRunner::stepFinished, this, [this](const runtime::LessonStepResult &r) {
        const bool more = !m_toEnd && r.index + 1 < m_lesson.steps.size();
        if (more)
            m_state = State::Waiting;
        m_panel->stepDone(r, more);
    });
    connect(lessons, &LessonRunner::finished, this, [this](const runtime::LessonSummary &s) {
        if (m_state == State::Closed)
            return;
        m_state = State::Over;
        m_panel->finish(s);
        emit captionChanged(QString());
        emit statusMessage(tr("Lesson over: %1").arg(s.toText().trimmed()));
        emit finished(s);
    });
}

QString LessonPlayer::lessonsDirectory() {
    return TemplateGallery::examplesDirectory() + QStringLiteral("/lessons");
}

void LessonPlayer::fillMenu() {
    m_menu->addAction(m_open);
    m_menu->addSeparator();
    const QDir dir(lessonsDirectory());
    for (const QFileInfo &f : dir.entryInfoList({QStringLiteral("*.lesson")}, QDir::Files)) {
        runtime::Lesson lesson;
        QString error;
        if (!runtime::LessonParser::load(f.absoluteFilePath(), &lesson, &error))
            continue; // a damaged shipped lesson is not offered (tst_lessons catches it)
        QAction *a = m_menu->addAction(lesson.title.isEmpty() ? f.baseName() : lesson.title);
        a->setToolTip(f.fileName());
        const QString path = f.absoluteFilePath();
        connect(a, &QAction::triggered, this, [this, path] { open(path); });
    }
}

bool LessonPlayer::open(const QString &path) {
    if (m_state == State::Starting || m_state == State::Playing || m_state == State::Waiting) {
        refuse(tr("A lesson is playing: stop it first."));
        return false;
    }
    if (m_runner->session()->isActive()) {
        // A lesson runs its own design: the one running stops first, then the lesson opens.
        m_pendingPath = path;
        m_runner->session()->stop();
        emit statusMessage(tr("Stopping the running design to play the lesson…"));
        return true;
    }
    runtime::Lesson lesson;
    QString error;
    m_panel->begin(QFileInfo(path).fileName(), 0);
    showDock(m_panel);
    if (!runtime::LessonParser::load(path, &lesson, &error)) {
        refuse(error);
        return false;
    }
    // The lesson's design becomes the open document, so the canvas shows what runs.
    const bool same = QFileInfo(m_document->path()) == QFileInfo(lesson.design);
    if (!same || m_document->isModified()) {
        if (!m_files->maybeSave() || !m_files->openPath(lesson.design)) {
            refuse(tr("The lesson's design %1 could not be opened.").arg(lesson.design));
            return false;
        }
    }
    TopologyData design;
    if (!LessonRunner::design(lesson, &design, &error)) {
        refuse(error);
        return false;
    }
    m_lesson = lesson;
    m_toEnd = false;
    m_state = State::Starting;
    m_panel->begin(lesson.title.isEmpty() ? QFileInfo(path).baseName() : lesson.title,
                   int(lesson.steps.size()));
    m_runner->runDesign(design);
    if (!m_runner->session()->isActive()) { // refused before starting (said why next to it)
        refuse(tr("The lesson's design cannot run."));
        return false;
    }
    return true;
}

void LessonPlayer::startRunner() {
    m_state = State::Playing;
    const runtime::Lesson lesson = m_lesson;
    m_runner->session()->withLessons([this, lesson](LessonRunner *r) {
        r->setStepping(true);
        QString error;
        if (!r->start(lesson, &error))
            QMetaObject::invokeMethod(this, [this, error] { refuse(error); });
    });
}

void LessonPlayer::onStepStarted(int index, const QString &caption) {
    if (m_state == State::Closed)
        return;
    m_state = State::Playing;
    m_panel->showStep(index, caption);
    emit captionChanged(caption);
    // A request of the lesson opens the walkthrough player, as Send Request does.
    if (index < m_lesson.steps.size()) {
        const runtime::LessonAction &a = m_lesson.steps.at(index).action;
        if (a.kind == runtime::LessonActionKind::Request)
            m_docks->expectRequest(a.describe());
    }
}

void LessonPlayer::next() {
    if (m_state != State::Waiting)
        return;
    m_state = State::Playing;
    m_runner->session()->withLessons([](LessonRunner *r) { r->next(); });
}

void LessonPlayer::runToEnd() {
    if (m_state != State::Waiting && m_state != State::Playing)
        return;
    m_toEnd = true;
    m_state = State::Playing;
    m_runner->session()->withLessons([](LessonRunner *r) {
        r->setStepping(false);
        r->next();
    });
}

void LessonPlayer::stop() {
    if (m_state == State::Starting) {
        m_state = State::Closed;
        m_panel->fail(tr("Stopped before the first step."));
        return;
    }
    m_runner->session()->withLessons([](LessonRunner *r) { r->cancel(); });
}

QString LessonPlayer::caption() const {
    return m_state == State::Playing || m_state == State::Waiting ? m_panel->caption() : QString();
}

void LessonPlayer::refuse(const QString &reason) {
    m_state = State::Closed;
    m_panel->fail(reason);
    emit captionChanged(QString());
    emit statusMessage(tr("Lesson: %1").arg(reason));
}

} // namespace infrastage::gui
