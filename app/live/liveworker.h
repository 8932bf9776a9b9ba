#pragma once

#include "fault.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include "model/topologydata.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>

class QTimer;

namespace infrastage::runtime {
class Orchestrator;
}

namespace infrastage::gui {

// LiveSession's other half, on the runtime thread: owns the orchestrator and coalesces its
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
    // Stops and returns once every process has exited or `ms` passed; on the runtime thread.
    void shutdown(int ms);

Q_SIGNALS:
    void stateChanged(infrastage::runtime::RuntimeState state, const QString &detail,
                      qint64 readyMs);
    void nodeStateChanged(const QString &node, infrastage::runtime::NodeState state);
    void eventsArrived(const QList<infrastage::runtime::RuntimeEvent> &events);
    void faultRefused(const QString &reason);

private:
    void ensureOrchestrator();
    void onEvent(const infrastage::runtime::RuntimeEvent &event);
    void flush();

    runtime::Orchestrator *m_orchestrator = nullptr;
    QTimer *m_flush = nullptr;
    QList<runtime::RuntimeEvent> m_pending;
    qint64 m_dropped = 0;
    QElapsedTimer m_clock;
};

} // namespace infrastage::gui
