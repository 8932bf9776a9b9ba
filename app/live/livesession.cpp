#include "livesession.h"

#include "liveworker.h"

#include "model/topologydata.h"

#include <QThread>

namespace infrastage::gui {

using runtime::RuntimeState;

LiveSession::LiveSession(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new LiveWorker) {
    qRegisterMetaType<runtime::RuntimeState>();
    qRegisterMetaType<runtime::NodeState>();
    qRegisterMetaType<runtime::RuntimeEvent>();
    qRegisterMetaType<QList<runtime::RuntimeEvent>>();
    qRegisterMetaType<runtime::Fault>();
    m_thread->setObjectName(QStringLiteral("infrastage-runtime"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LiveWorker::stateChanged, this,
            [this](RuntimeState state, const QString &detail, qint64 readyMs) {
                m_state = state;
                if (state == RuntimeState::Starting)
                    m_readyMs = -1;
                else if (readyMs >= 0)
                    m_readyMs = readyMs;
                emit stateChanged(state, detail);
            });
    connect(m_worker, &LiveWorker::nodeStateChanged, this, &LiveSession::nodeStateChanged);
    connect(m_worker, &LiveWorker::eventsArrived, this, &LiveSession::eventsArrived);
    connect(m_worker, &LiveWorker::faultRefused, this, &LiveSession::faultRefused);
    m_thread->start();
}

LiveSession::~LiveSession() {
    shutdown();
}

bool LiveSession::isActive() const {
    return m_state == RuntimeState::Starting || m_state == RuntimeState::Running ||
           m_state == RuntimeState::Stopping;
}

void LiveSession::start(const TopologyData &topology) {
    if (isActive())
        return;
    m_state = RuntimeState::Starting; // at once, so a second click does nothing
    QMetaObject::invokeMethod(m_worker, [w = m_worker, topology] { w->start(topology); });
}

void LiveSession::stop() {
    QMetaObject::invokeMethod(m_worker, &LiveWorker::stop);
}

void LiveSession::inject(const runtime::Fault &fault) {
    QMetaObject::invokeMethod(m_worker, [w = m_worker, fault] { w->inject(fault); });
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
