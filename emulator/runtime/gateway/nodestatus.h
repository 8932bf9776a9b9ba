#pragma once

#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// How a node of a run looks to someone watching it (a badge on the canvas): its process state
// (NodeState) refined by the faults applied to it and what it said about itself.
enum class NodeStatus {
    Stopped,    // not running: before the start, after the stop
    Starting,   // launched, not ready yet
    Up,         // ready and serving
    Slowed,     // serving with added latency (a slow fault)
    Frozen,     // SIGSTOPped: holds its sockets, answers nothing
    Down,       // exited without being asked: killed by a fault, crashed, failed to start
    Fenced,     // a database that refuses writes (an old primary after a failover)
    FailedOver, // a database promoted to primary in place of the old one
    Stopping,   // terminating on request
};

QString nodeStatusName(NodeStatus status); // "stopped", "starting", "up", ..., "failed over"

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::NodeStatus)
