#pragma once

#include "fault.h"
#include "gateway/chaosrow.h"
#include "gateway/loadspec.h"
#include "gateway/metricsnapshot.h"
#include "gateway/nodestatus.h"
#include "gateway/requestspec.h"
#include "gateway/walkthrough.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include "model/topologydata.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace infrastage::runtime {
class DesignGateway;
class LessonRunner;
} // namespace infrastage::runtime

namespace infrastage::gui {

// LiveSession's other half, on the runtime thread: owns the design gateway and coalesces its
// event stream into batches, so the GUI thread gets a few deliveries a second however many
// events the nodes emit. What the GUI cannot take is dropped here and counted (the recording
// in the run directory keeps every event).
class LiveWorker final : public QObject {
    Q_OBJECT

public:
    explicit LiveWorker(QObject *parent = nullptr);
    ~LiveWorker() override;

    void start(const infrastage::TopologyData &topology);
    void stop();
    void inject(const infrastage::runtime::Fault &fault);
    void sendRequest(const infrastage::runtime::RequestSpec &spec);
    void startLoad(const infrastage::runtime::LoadSpec &spec);
    void stopLoad();
    void startChaos(const infrastage::TopologyData &topology,
                    const infrastage::runtime::ChaosSpec &spec);
    // Stops and returns once every process has exited or `ms` passed; on the runtime thread.
    void shutdown(int ms);
    // The lesson runner (the CLI's) on this worker's gateway, on the runtime thread.
    runtime::LessonRunner *lessons() const { return m_lessons; }
    // Set while a batch of events is on its way to the GUI; whoever takes it clears it (any
    // thread; shared, so that a batch still queued may outlive this worker). Until then the
    // next batch only grows: a GUI thread that fell behind gets one batch when it comes back,
    // not a queue of them.
    std::shared_ptr<std::atomic<bool>> inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void stateChanged(infrastage::runtime::RuntimeState state, const QString &detail,
                      qint64 readyMs, const QString &runDirectory);
    void nodeStatusChanged(const QString &node, infrastage::runtime::NodeStatus status);
    void eventsArrived(const QList<infrastage::runtime::RuntimeEvent> &events);
    void refused(const QString &reason);
    void requestStep(const infrastage::runtime::WalkthroughStep &step);
    void requestFinished(const infrastage::runtime::Walkthrough &walkthrough);
    void requestFailed(const QString &error);
    void loadRunning(bool running);
    void loadSnapshot(const infrastage::runtime::MetricSnapshot &snapshot);
    void chaosProgress(const QString &text);
    void chaosMeasured(const infrastage::runtime::ChaosRow &row);
    void chaosFinished(const QList<infrastage::runtime::ChaosRow> &rows);

private:
    void onEvent(const infrastage::runtime::RuntimeEvent &event);
    // `force`: even while a batch is in flight (a state change shows what happened before it).
    void flush(bool force = false);

    runtime::DesignGateway *m_gateway;
    runtime::LessonRunner *m_lessons;
    QTimer *m_flush;
    QTimer *m_trim;
    QList<runtime::RuntimeEvent> m_pending;
    qint64 m_dropped = 0;
    std::shared_ptr<std::atomic<bool>> m_inFlight = std::make_shared<std::atomic<bool>>(false);
};

} // namespace infrastage::gui
