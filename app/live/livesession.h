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

#include <QList>
#include <QObject>

#include <functional>

class QThread;

namespace infrastage::runtime {
class LessonRunner;
}

namespace infrastage {
class TopologyData;
}

namespace infrastage::gui {

class LiveWorker;

// The designer's handle on a running design, over the runtime's DesignGateway: start and
// stop, faults, one request with its walkthrough, a load with its metrics, chaos, and the
// events in batches. The gateway, the processes and all their I/O live on a thread of their
// own, so the GUI thread never waits on them. That thread lives as long as this object: a node
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
    QString runDirectory() const { return m_runDirectory; }
    bool isLoadRunning() const { return m_loadRunning; }

    // Starts a copy of `topology` (unsaved edits included); progress comes as signals.
    void start(const TopologyData &topology);
    void stop();
    void inject(const runtime::Fault &fault);
    void sendRequest(const runtime::RequestSpec &spec);
    void startLoad(const runtime::LoadSpec &spec);
    void stopLoad();
    // Fails each node in turn on fresh runs of `topology` (only while nothing runs).
    void startChaos(const TopologyData &topology, const runtime::ChaosSpec &spec);

    // Stops and waits (at most `ms`) for every process to exit: for closing the window.
    void shutdown(int ms = 5000);

    // The lesson runner on this session's gateway. It lives on the runtime thread: connect to
    // its signals (they arrive queued), call it only through withLessons().
    runtime::LessonRunner *lessons() const { return m_lessons; }
    void withLessons(const std::function<void(runtime::LessonRunner *)> &call);

Q_SIGNALS:
    void stateChanged(infrastage::runtime::RuntimeState state, const QString &detail);
    void nodeStatusChanged(const QString &node, infrastage::runtime::NodeStatus status);
    // The merged stream, in order, a batch at a time (about 25 per second at most).
    void eventsArrived(const QList<infrastage::runtime::RuntimeEvent> &events);
    void refused(const QString &reason); // a fault, a load or chaos that could not be done
    void requestStep(const infrastage::runtime::WalkthroughStep &step);
    void requestFinished(const infrastage::runtime::Walkthrough &walkthrough);
    void requestFailed(const QString &error);
    void loadRunningChanged(bool running);
    void loadSnapshot(const infrastage::runtime::MetricSnapshot &snapshot);
    void chaosProgress(const QString &text);
    void chaosMeasured(const infrastage::runtime::ChaosRow &row);
    void chaosFinished(const QList<infrastage::runtime::ChaosRow> &rows);

private:
    template <typename F> void onWorker(F &&call);

    QThread *m_thread;
    LiveWorker *m_worker;
    runtime::LessonRunner *m_lessons;
    runtime::RuntimeState m_state = runtime::RuntimeState::Stopped;
    qint64 m_readyMs = -1;
    QString m_runDirectory;
    bool m_loadRunning = false;
};

} // namespace infrastage::gui
