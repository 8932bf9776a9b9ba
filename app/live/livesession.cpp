#include "livesession.h"

#include "liveworker.h"

#include "model/topologydata.h"

#include <QThread>

namespace infrastage::gui {

using runtime::RuntimeState;

LiveSession::LiveSession(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new LiveWorker)
    , m_lessons(m_worker->lessons()) {
    m_thread->setObjectName(QStringLiteral("infrastage-runtime"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LiveWorker::stateChanged, this,
            [this](RuntimeState state, const QString &detail, qint64 readyMs,
                   const QString &runDirectory) {
                m_state = state;
                m_readyMs = readyMs;
                m_runDirectory = runDirectory;
                emit stateChanged(state, detail);
            });
    connect(m_worker, &LiveWorker::loadRunning, this, [this](bool running) {
        m_loadRunning = running;
        emit loadRunningChanged(running);
    });
    connect(m_worker, &LiveWorker::nodeStatusChanged, this, &LiveSession::nodeStatusChanged);
    connect(m_worker, &LiveWorker::eventsArrived, this,
            [this, inFlight = m_worker->inFlight()](const QList<runtime::RuntimeEvent> &events) {
                emit eventsArrived(events);
                inFlight->store(false);
            });
    connect(m_worker, &LiveWorker::refused, this, &LiveSession::refused);
    connect(m_worker, &LiveWorker::requestStep, this, &LiveSession::requestStep);
    connect(m_worker, &LiveWorker::requestFinished, this, &LiveSession::requestFinished);
    connect(m_worker, &LiveWorker::requestFailed, this, &LiveSession::requestFailed);
    connect(m_worker, &LiveWorker::loadSnapshot, this, &LiveSession::loadSnapshot);
    connect(m_worker, &LiveWorker::chaosProgress, this, &LiveSession::chaosProgress);
    connect(m_worker, &LiveWorker::chaosMeasured, this, &LiveSession::chaosMeasured);
    connect(m_worker, &LiveWorker::chaosFinished, this, &LiveSession::chaosFinished);
    m_thread->start();
}

LiveSession::~LiveSession() {
    shutdown();
}

template <typename F> void LiveSession::onWorker(F &&call) {
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_worker, [w = m_worker, call] { call(w); });
}

bool LiveSession::isActive() const {
    return m_state == RuntimeState::Starting || m_state == RuntimeState::Running ||
           m_state == RuntimeState::Stopping;
}

void LiveSession::start(const TopologyData &topology) {
    if (isActive())
        return;
    m_state = RuntimeState::Starting; // at once, so a second click does nothing
    onWorker([topology](LiveWorker *w) { w->start(topology); });
}

void LiveSession::stop() {
    onWorker([](LiveWorker *w) { w->stop(); });
}

void LiveSession::inject(const runtime::Fault &fault) {
    onWorker([fault](LiveWorker *w) { w->inject(fault); });
}

void LiveSession::sendRequest(const runtime::RequestSpec &spec) {
    onWorker([spec](LiveWorker *w) { w->sendRequest(spec); });
}

void LiveSession::startLoad(const runtime::LoadSpec &spec) {
    onWorker([spec](LiveWorker *w) { w->startLoad(spec); });
}

void LiveSession::stopLoad() {
    onWorker([](LiveWorker *w) { w->stopLoad(); });
}

void LiveSession::startChaos(const TopologyData &topology, const runtime::ChaosSpec &spec) {
    onWorker([topology, spec](LiveWorker *w) { w->startChaos(topology, spec); });
}

void LiveSession::withLessons(const std::function<void(runtime::LessonRunner *)> &call) {
    onWorker([call](LiveWorker *w) {
        if (w->lessons())
            call(w->lessons());
    });
}

void LiveSession::shutdown(int ms) {
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ms] { w->shutdown(ms); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_state = RuntimeState::Stopped;
}

} // namespace infrastage::gui
