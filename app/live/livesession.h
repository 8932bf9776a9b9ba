#pragma once

#include "fault.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include <QList>
#include <QObject>

class QThread;

namespace infrastage {
class TopologyData;
}

namespace infrastage::gui {

class LiveWorker;

// The designer's handle on a running design: starts and stops it, injects faults and hands
// over its events in batches. The processes and all their I/O live on a thread of their own,
// so the GUI thread never waits on them. That thread lives as long as this object: a node
// process dies with the thread that started it.
class LiveSession final : public QObject {
    Q_OBJECT

public:
    explicit LiveSession(QObject *parent = nullptr);
    ~LiveSession() override; // stops every process and waits for them to exit

    runtime::RuntimeState state() const { return m_state; }
    // Starting, running or stopping: the design is not editable.
    bool isActive() const;
    // Milliseconds from start() to every node ready; -1 until then.
    qint64 readyMs() const { return m_readyMs; }

    // Starts a copy of `topology` (unsaved edits included); progress comes as signals.
    void start(const TopologyData &topology);
    void stop();
    // Applies `fault` to the running design; refusals come back as faultRefused.
    void inject(const runtime::Fault &fault);

    // Stops and waits (at most `ms`) for every process to exit: for closing the window.
    void shutdown(int ms = 5000);

Q_SIGNALS:
    void stateChanged(infrastage::runtime::RuntimeState state, const QString &detail);
    void nodeStateChanged(const QString &node, infrastage::runtime::NodeState state);
    // The merged stream, in order, a batch at a time (about 25 per second at most).
    void eventsArrived(const QList<infrastage::runtime::RuntimeEvent> &events);
    void faultRefused(const QString &reason);

private:
    QThread *m_thread;
    LiveWorker *m_worker;
    runtime::RuntimeState m_state = runtime::RuntimeState::Stopped;
    qint64 m_readyMs = -1;
};

} // namespace infrastage::gui
