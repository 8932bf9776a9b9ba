#pragma once

#include "addresslease.h"
#include "addressplan.h"
#include "fault.h"
#include "internetlinks.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include "model/topologydata.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>

namespace infrastage::runtime {

class EventMerger;
class EventParserThread;
class NodeProcess;
class Recorder;

// What the GUI and the CLI see of one node of a run.
struct NodeInfo {
    QString node;
    QString role;
    NodeState state = NodeState::Stopped;
    QString address;
    int port = 0;
    QString designAddress;
    int designPort = 0;
    int httpsPort = 0; // a load balancer terminating HTTPS: where; 0 otherwise
    qint64 pid = 0;
};

// Turns a topology into running infrastage-node processes and back: the one gateway the GUI
// and the CLI use to run a design. Starts nodes tier by tier (databases, applications, web
// servers, load balancers, DNS), each tier once the previous one reported ready; supervises
// them; injects faults; merges their events into one ordered stream (signal `event`), which it
// also records in SQLite (events.sqlite in the run directory).
class Orchestrator final : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString nodeProgram;  // infrastage-node; default: next to this program
        QString runDirectory; // default: a fresh directory under the temporary directory
        AddressPlan::Mode addressMode = AddressPlan::Mode::Auto;
        bool detail = false; // nodes include request/response lines and headers
        bool record = true;  // events.sqlite in the run directory
        // false: events of a request (with a trace) carry `details` only as text
        // (RuntimeEvent::detailsJson), enough to record and print them (`up`); parsing them is
        // most of the event path's cost. Untraced events are parsed either way.
        bool parseRequestDetails = true;
        bool restartOnCrash = false; // supervision restarts crashed nodes (not killed ones)
        int readyTimeoutMs = 10000;
        int stopGraceMs = 2000; // SIGTERM, then SIGKILL after this
    };

    explicit Orchestrator(QObject *parent = nullptr);
    ~Orchestrator() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    // Begins starting `topology`; false (with the reason) if it cannot even begin.
    // addressesHeld() then says whether the reason is another run holding one of its addresses.
    // Progress arrives through stateChanged/nodeStateChanged; `started` when all are ready.
    bool start(const TopologyData &topology, QString *error);
    void stop();

    RuntimeState state() const { return m_state; }
    bool addressesHeld() const { return m_addressesHeld; }
    const AddressPlan &plan() const { return m_plan; }
    const TopologyData &topology() const { return m_topology; }
    QString runDirectory() const { return m_runDir; }
    QString failureReason() const { return m_failure; }
    QList<NodeInfo> nodes() const; // in start order
    NodeInfo node(const QString &id) const;
    Recorder *recorder() const { return m_recorder; }

    // Applies a fault now. False (with the reason) for an unknown node or a fault that does not
    // apply to it (promote on a web server, resume of a node that is not frozen, ...).
    bool inject(const Fault &fault, QString *error);
    // Adds an event of the orchestrator's own to the merged stream (automatic failover's steps).
    void report(const QString &node, const QString &kind, const QJsonObject &details) {
        emitRuntimeEvent(node, kind, details);
    }

    // Where infrastage-node is expected: INFRASTAGE_NODE, else next to the running program.
    static QString defaultNodeProgram();

signals:
    void stateChanged(infrastage::runtime::RuntimeState state);
    void nodeStateChanged(const QString &node, infrastage::runtime::NodeState state);
    void event(const infrastage::runtime::RuntimeEvent &event); // the merged, ordered stream
    void started();                                             // every node is ready
    void startFailed(const QString &reason);                    // then state becomes Failed
    void stopped(); // after stop(): every process has exited

private:
    void setState(RuntimeState state);
    bool createTlsMaterial(QString *error);
    // False (with the reason) when another run holds one of the addresses; a lease that cannot
    // be kept at all is a note for the run, not a refusal.
    bool leaseAddresses(QString *error, QStringList *notes);
    void startTier(int tier);
    bool launch(const QString &node, QString *error);
    void onReady(const QString &node);
    void onVrrpMemberReady(const QString &node);
    void onExited(const QString &node, int exitCode, bool crashed, bool expected);
    void failStart(const QString &reason);
    void checkAllStopped();
    void emitRuntimeEvent(const QString &node, const QString &kind, const QJsonObject &details);
    void promote(const QString &node);
    // A cut or healed network link between the internet and the entry points
    // (orchestratorinternet.cpp).
    bool cutInternetLink(const Link &link, bool cut, QString *error);
    void tellInternet(const QString &node); // whether its host is reachable from the internet
    int tierOf(const Node &node) const;

    Options m_options;
    TopologyData m_topology;
    AddressPlan m_plan;
    AddressLease m_lease;         // the plan's loopback addresses, held from start until stopped
    bool m_addressesHeld = false; // the last start() was refused: another run holds one
    QString m_runDir;
    RuntimeState m_state = RuntimeState::Stopped;
    QString m_failure;
    QList<QList<QString>> m_tiers;
    int m_currentTier = -1;
    QList<QString> m_order;
    QMap<QString, NodeProcess *> m_processes;
    QSet<QString> m_killedByFault;
    QSet<QString> m_restartPending;
    InternetLinks m_internet;
    EventMerger *m_merger;
    Recorder *m_recorder;
    EventParserThread *m_parser; // node lines are parsed off this object's thread
};

} // namespace infrastage::runtime
