#include "liveworker.h"

#include "events/eventkind.h"
#include "gateway/designgateway.h"
#include "lessons/lessonrunner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace infrastage::gui {

namespace {
constexpr int kFlushMs = 40;        // at most 25 deliveries a second
constexpr int kMaxPending = 100000; // what the GUI may fall behind by before events drop
constexpr int kTrimMs = 10000;
} // namespace

using runtime::DesignGateway;
using runtime::RuntimeState;

LiveWorker::LiveWorker(QObject *parent)
    : QObject(parent)
    , m_gateway(new DesignGateway(this))
    , m_lessons(new runtime::LessonRunner(m_gateway, this))
    , m_flush(new QTimer(this))
    , m_trim(new QTimer(this)) {
    // The hop inspector shows what really crossed each hop: request lines and headers in and
    // out (X-Forwarded-For, traceparent), the SQL. Nodes include them with detail on.
    runtime::Orchestrator::Options options = m_gateway->options();
    options.detail = true;
    // ... but the hops' details stay text (what the recorder stores and the event log shows):
    // parsing every hop's headers was most of the event path's cost, and freeing them the
    // GUI thread's. What reads a hop's fields reads them from the text (DetailFields), and a
    // request opened in the player is parsed then.
    options.parseRequestDetails = false;
    m_gateway->setOptions(options);
    m_flush->setInterval(kFlushMs);
    connect(m_flush, &QTimer::timeout, this, [this] { flush(); });
    m_flush->start();
    // The events of a run are made on the parser's thread and freed on the GUI thread, the
    // batches on this one: glibc keeps what is freed in the arena it came from, and under a
    // load the free bytes kept grew steadily (bench_live at 2,000 requests/s: heap in use
    // flat at ~33 MB while "free in arenas" went 2 -> 12 MB in 40 s, and RSS with it). The
    // free pages go back to the system every 10 s while a design runs, here, off the GUI
    // thread.
    m_trim->setInterval(kTrimMs);
    connect(m_trim, &QTimer::timeout, this, [] {
#ifdef __GLIBC__
        ::malloc_trim(0);
#endif
    });
    connect(m_gateway, &DesignGateway::event, this, &LiveWorker::onEvent);
    connect(m_gateway, &DesignGateway::nodeStatusChanged, this, &LiveWorker::nodeStatusChanged);
    connect(m_gateway, &DesignGateway::stateChanged, this, [this](RuntimeState state) {
        flush(true); // what happened before the change is shown before it
        QString detail;
        if (state == RuntimeState::Running)
            m_trim->start();
        else if (state == RuntimeState::Stopped || state == RuntimeState::Failed)
            m_trim->stop();
        switch (state) {
        case RuntimeState::Starting:
            detail = tr("starting the design's processes…");
            break;
        case RuntimeState::Running:
            return; // `running` says it, with the time to ready

        case RuntimeState::Failed:
            detail = m_gateway->failureReason();
            break;
        case RuntimeState::Stopping:
        case RuntimeState::Stopped:
            break;
        }
        emit stateChanged(state, detail, m_gateway->timeToReadyMs(), m_gateway->runDirectory());
    });
    connect(m_gateway, &DesignGateway::running, this, [this](qint64 readyMs) {
        flush(true);
        emit stateChanged(
            RuntimeState::Running,
            tr("%1 processes up in %2 ms").arg(m_gateway->nodes().size()).arg(readyMs), readyMs,
            m_gateway->runDirectory());
    });
    connect(m_gateway, &DesignGateway::requestStep, this,
            [this](int, const runtime::WalkthroughStep &step) { emit requestStep(step); });
    connect(m_gateway, &DesignGateway::requestFinished, this,
            [this](int, const runtime::Walkthrough &w) { emit requestFinished(w); });
    connect(m_gateway, &DesignGateway::requestFailed, this,
            [this](int, const QString &error) { emit requestFailed(error); });
    connect(m_gateway, &DesignGateway::loadSnapshot, this, &LiveWorker::loadSnapshot);
    connect(m_gateway, &DesignGateway::loadFinished, this, [this] { emit loadRunning(false); });
    connect(m_gateway, &DesignGateway::loadFailed, this, [this](const QString &error) {
        emit refused(error);
        emit loadRunning(false);
    });
    connect(m_gateway, &DesignGateway::loadNotice, this, &LiveWorker::chaosProgress);
    connect(m_gateway, &DesignGateway::chaosMeasuring, this, [this](const QString &node) {
        emit chaosProgress(tr("Measuring with %1 down…").arg(node));
    });
    connect(m_gateway, &DesignGateway::chaosProblem, this, &LiveWorker::chaosProgress);
    connect(m_gateway, &DesignGateway::chaosMeasured, this, &LiveWorker::chaosMeasured);
    connect(m_gateway, &DesignGateway::chaosFinished, this, &LiveWorker::chaosFinished);
}

LiveWorker::~LiveWorker() = default;

void LiveWorker::start(const TopologyData &topology) {
    m_dropped = 0;
    QString error;
    if (!m_gateway->start(topology, &error))
        emit stateChanged(RuntimeState::Failed, error, -1, QString());
}

void LiveWorker::stop() {
    m_gateway->stopLoad();
    m_gateway->stop();
}

void LiveWorker::inject(const runtime::Fault &fault) {
    QString error;
    if (!m_gateway->inject(fault, &error))
        emit refused(error);
}

void LiveWorker::sendRequest(const runtime::RequestSpec &spec) {
    QString error;
    if (m_gateway->sendRequest(spec, &error) == 0)
        emit requestFailed(error);
}

void LiveWorker::startLoad(const runtime::LoadSpec &spec) {
    QString error;
    if (!m_gateway->startLoad(spec, &error))
        emit refused(error);
    else
        emit loadRunning(true);
}

void LiveWorker::stopLoad() {
    m_gateway->stopLoad();
}

void LiveWorker::startChaos(const TopologyData &topology, const runtime::ChaosSpec &spec) {
    QString error;
    if (!m_gateway->startChaos(topology, spec, &error))
        emit refused(error);
}

void LiveWorker::shutdown(int ms) {
    delete m_lessons; // before the gateway it plays on
    m_lessons = nullptr;
    m_gateway->cancelChaos();
    m_gateway->stopLoad();
    m_gateway->stop();
    const QDeadlineTimer deadline(ms);
    while (m_gateway->state() == RuntimeState::Stopping && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    // Whatever is left is killed with the gateway.
    delete m_gateway;
    m_gateway = nullptr;
}

void LiveWorker::onEvent(const runtime::RuntimeEvent &event) {
    if (m_pending.size() >= kMaxPending) {
        ++m_dropped;
        return;
    }
    m_pending.append(event);
}

void LiveWorker::flush(bool force) {
    if (m_inFlight->load() && !force)
        return;
    if (m_dropped > 0) {
        runtime::RuntimeEvent note;
        note.t = runtime::RuntimeEvent::nowNs();
        note.node = QStringLiteral("designer");
        note.kind = EventKind::DesignerEventsDropped;
        note.details.insert(QStringLiteral("dropped"), m_dropped);
        m_pending.append(note);
        m_dropped = 0;
    }
    if (m_pending.isEmpty())
        return;
    m_inFlight->store(true);
    emit eventsArrived(m_pending);
    m_pending.clear();
}

} // namespace infrastage::gui
