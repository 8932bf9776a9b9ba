#include "liveworker.h"

#include "orchestrator.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace infrastage::gui {

namespace {
constexpr int kFlushMs = 40;        // at most 25 deliveries a second
constexpr int kMaxPending = 100000; // what the GUI may fall behind by before events drop
} // namespace

using runtime::Orchestrator;
using runtime::RuntimeState;

LiveWorker::LiveWorker(QObject *parent)
    : QObject(parent) {}

LiveWorker::~LiveWorker() = default;

void LiveWorker::ensureOrchestrator() {
    if (m_orchestrator)
        return;
    m_orchestrator = new Orchestrator(this);
    m_flush = new QTimer(this);
    m_flush->setInterval(kFlushMs);
    connect(m_flush, &QTimer::timeout, this, &LiveWorker::flush);
    m_flush->start();
    connect(m_orchestrator, &Orchestrator::event, this, &LiveWorker::onEvent);
    connect(m_orchestrator, &Orchestrator::nodeStateChanged, this, &LiveWorker::nodeStateChanged);
    connect(m_orchestrator, &Orchestrator::stateChanged, this, [this](RuntimeState state) {
        flush(); // what happened before the change is shown before it
        QString detail;
        qint64 readyMs = -1;
        switch (state) {
        case RuntimeState::Starting:
            detail = tr("starting the design's processes…");
            break;
        case RuntimeState::Running:
            readyMs = m_clock.elapsed();
            detail =
                tr("%1 processes up in %2 ms").arg(m_orchestrator->nodes().size()).arg(readyMs);
            break;
        case RuntimeState::Failed:
            detail = m_orchestrator->failureReason();
            break;
        case RuntimeState::Stopping:
        case RuntimeState::Stopped:
            break;
        }
        emit stateChanged(state, detail, readyMs);
    });
}

void LiveWorker::start(const TopologyData &topology) {
    ensureOrchestrator();
    m_clock.start();
    m_dropped = 0;
    QString error;
    if (!m_orchestrator->start(topology, &error))
        emit stateChanged(RuntimeState::Failed, error, -1);
}

void LiveWorker::stop() {
    if (m_orchestrator)
        m_orchestrator->stop();
}

void LiveWorker::inject(const runtime::Fault &fault) {
    QString error;
    if (!m_orchestrator || m_orchestrator->state() != RuntimeState::Running)
        emit faultRefused(tr("The design is not running."));
    else if (!m_orchestrator->inject(fault, &error))
        emit faultRefused(error);
}

void LiveWorker::shutdown(int ms) {
    if (!m_orchestrator)
        return;
    m_orchestrator->stop();
    const QDeadlineTimer deadline(ms);
    while (m_orchestrator->state() == RuntimeState::Stopping && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    // Whatever is left is killed with its NodeProcess.
    delete m_orchestrator;
    m_orchestrator = nullptr;
}

void LiveWorker::onEvent(const runtime::RuntimeEvent &event) {
    if (m_pending.size() >= kMaxPending) {
        ++m_dropped;
        return;
    }
    m_pending.append(event);
}

void LiveWorker::flush() {
    if (m_dropped > 0) {
        runtime::RuntimeEvent note;
        note.t = runtime::RuntimeEvent::nowNs();
        note.node = QStringLiteral("designer");
        note.kind = QStringLiteral("designer.events_dropped");
        note.details.insert(QStringLiteral("dropped"), m_dropped);
        m_pending.append(note);
        m_dropped = 0;
    }
    if (m_pending.isEmpty())
        return;
    emit eventsArrived(m_pending);
    m_pending.clear();
}

} // namespace infrastage::gui
