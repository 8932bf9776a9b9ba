#pragma once

#include "gateway/nodestatus.h"
#include "runtimeevent.h"

#include "model/topologydata.h"

#include <QHash>
#include <QSet>

namespace infrastage::gui {

// What the live canvas shows, without the canvas: each node's status and the failure a request
// met there last, each link's health-check state, cut and measured traffic, all from a run's
// events. A plain copyable value, so that a replay keeps snapshots of it (keyframes) and jumps
// to any moment of a recording by applying the events after the nearest one.
// Times (`nowMs`) are on one clock of the caller's: the wall clock of a run, the recording's
// time in a replay.
class CanvasState final {
public:
    struct NodeLive {
        runtime::NodeStatus status = runtime::NodeStatus::Starting;
        QString failure; // why the last request died here
        qint64 failureUntil = 0;
        QString vrrp;          // a load balancer of a VRRP pair: "MASTER", "BACKUP"; else ""
        bool holdsVip = false; // it has the virtual IP bound: the pair's traffic goes to it
    };
    struct LinkTraffic {
        int requests = 0; // in the last whole second
        int errors = 0;
        QString health;       // backend links: "UP", "DOWN"
        QString check;        // the check that decided it
        bool cut = false;     // a cut fault is in force on the link
        int delayMs = 0;      // a delay fault: ms added to each request
        int lossPercent = 0;  // a loss fault: share of requests dropped
        QList<int> latencyUs; // the window's answered requests (links the LB measures)
        int p95Us = -1;       // of the last second; -1: nothing measured
    };

    // The design that runs: hops are looked up by their ends from now on.
    void begin(const TopologyData &running);
    const TopologyData &running() const { return m_running; }

    void setNodeStatus(const QString &node, runtime::NodeStatus status);
    void apply(const runtime::RuntimeEvent &event, qint64 nowMs);
    // A whole second is over: the traffic of the last one becomes the links' rates, and
    // failure badges older than their time go.
    void tick(qint64 nowMs);
    // Marks a node that keeps the design from running, with the reason, for good.
    void flagNode(const QString &node, const QString &reason);

    const QHash<QString, NodeLive> &nodes() const { return m_nodes; }
    const QHash<QString, LinkTraffic> &links() const { return m_links; }
    // The link a hop between two running nodes takes ("" when the design has none).
    QString linkBetween(const QString &from, const QString &to) const;
    // The design node for a node of the run (the walkthrough's browser is the design's client).
    QString designNode(const QString &runNode) const;

    // Nodes and links whose look changed since the last call.
    QSet<QString> takeChangedNodes();
    QSet<QString> takeChangedLinks();

private:
    void fail(const QString &node, const QString &reason, qint64 untilMs);
    void count(const QString &link, bool error, int latencyUs = -1);

    TopologyData m_running;
    QHash<QString, QString> m_linkIndex; // "end\nend" (a node or its server) -> link id
    QHash<QString, NodeLive> m_nodes;
    QHash<QString, LinkTraffic> m_links;
    QHash<QString, LinkTraffic> m_window; // traffic of the current second
    QSet<QString> m_changedNodes;
    QSet<QString> m_changedLinks;
};

} // namespace infrastage::gui
