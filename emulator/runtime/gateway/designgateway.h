#pragma once

#include "chaosrow.h"
#include "loadspec.h"
#include "metricsnapshot.h"
#include "nodestatus.h"
#include "orchestrator.h"
#include "requestspec.h"
#include "runreport.h"
#include "walkthrough.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace infrastage::runtime {

class ChaosRun;
class LoadDriver;
class NodeStatusTracker;
class RequestDriver;

// The one way the GUI and the CLI reach a running design (as CORE's GUI reaches its daemon
// through CoreClient): start and stop with explicit states (RuntimeState), the live status of
// every node, faults, one request with its walkthrough step by step, a load with periodic
// metric snapshots, chaos, and the merged stream of typed events. Everything is asynchronous:
// calls return at once and results arrive as signals, so a GUI thread never waits. It may live
// on a thread of its own (moveToThread): then call it there (QMetaObject::invokeMethod); its
// signals' types are registered for queued connections.
class DesignGateway final : public QObject {
    Q_OBJECT

public:
    explicit DesignGateway(QObject *parent = nullptr);
    ~DesignGateway() override; // every process of the run ends with the gateway

    // How runs are started (node program, run directory, address mode, detail, ...).
    void setOptions(const Orchestrator::Options &options) { m_orchestrator->setOptions(options); }
    const Orchestrator::Options &options() const { return m_orchestrator->options(); }

    // --- Run: Stopped -> Starting -> Running -> Stopping -> Stopped (Starting -> Failed) ---
    // Begins starting `topology` (a copy: later edits do not reach the run). False, with the
    // reason, when it cannot even begin (already running, chaos under way, nothing to run,
    // no node program); otherwise stateChanged/nodeStatusChanged and then running or
    // startFailed follow.
    bool start(const TopologyData &topology, QString *error);
    void stop(); // stopped follows once every process has exited
    RuntimeState state() const { return m_orchestrator->state(); }
    QString failureReason() const { return m_orchestrator->failureReason(); }
    qint64 timeToReadyMs() const { return m_readyMs; } // -1 until every node was ready
    QList<NodeInfo> nodes() const { return m_orchestrator->nodes(); }
    NodeInfo node(const QString &id) const { return m_orchestrator->node(id); }
    NodeStatus nodeStatus(const QString &id) const;
    QString runDirectory() const { return m_orchestrator->runDirectory(); }
    // After start() returned false: another run holds one of the design's addresses.
    bool addressesHeld() const { return m_orchestrator->addressesHeld(); }
    const TopologyData &topology() const { return m_orchestrator->topology(); }
    const AddressPlan &plan() const { return m_orchestrator->plan(); }
    Recorder *recorder() const { return m_orchestrator->recorder(); }

    // --- Faults: applied now; false (with the reason) for one that does not apply ---
    bool inject(const Fault &fault, QString *error);

    // --- One request: its steps arrive as they happen, then the whole walkthrough ---
    // Returns the request's id (> 0), or 0 with the reason when it cannot be sent.
    int sendRequest(const RequestSpec &spec, QString *error);

    // --- Load: one at a time; snapshots every spec.snapshotMs, a report at the end ---
    bool startLoad(const LoadSpec &spec, QString *error);
    void stopLoad(); // no new requests; loadFinished once those under way are answered
    bool isLoadRunning() const { return m_load != nullptr; }

    // --- Chaos: fails each node in turn on fresh runs of `topology` (not while running) ---
    bool startChaos(const TopologyData &topology, const ChaosSpec &spec, QString *error);
    void cancelChaos(); // chaosFinished follows with the rows measured so far
    bool isChaosRunning() const { return m_chaos != nullptr; }

signals:
    void stateChanged(infrastage::runtime::RuntimeState state);
    void running(qint64 timeToReadyMs); // every node is ready
    void startFailed(const QString &reason);
    void stopped();
    void nodeStateChanged(const QString &node, infrastage::runtime::NodeState state); // process
    void nodeStatusChanged(const QString &node, infrastage::runtime::NodeStatus status);
    void event(const infrastage::runtime::RuntimeEvent &event); // merged, in time order

    void requestStep(int id, const infrastage::runtime::WalkthroughStep &step);
    // `redirectedFrom` is empty unless the first answer was a redirect that was followed.
    void requestFinished(int id, const infrastage::runtime::Walkthrough &walkthrough,
                         const infrastage::runtime::Walkthrough &redirectedFrom);
    void requestFailed(int id, const QString &error);

    void loadNotice(const QString &text);
    void loadSnapshot(const infrastage::runtime::MetricSnapshot &snapshot);
    void loadFinished(const infrastage::runtime::RunReport &report);
    void loadFailed(const QString &error);

    void chaosMeasuring(const QString &node);
    void chaosMeasured(const infrastage::runtime::ChaosRow &row);
    void chaosProblem(const QString &text);
    void chaosFinished(const QList<infrastage::runtime::ChaosRow> &rows);

private:
    void onStateChanged(RuntimeState state);
    void endLoad();

    Orchestrator *m_orchestrator;
    NodeStatusTracker *m_status;
    QElapsedTimer m_startClock;
    qint64 m_readyMs = -1;
    int m_lastRequestId = 0;
    QHash<int, RequestDriver *> m_requests;
    LoadDriver *m_load = nullptr;
    ChaosRun *m_chaos = nullptr;
};

} // namespace infrastage::runtime
