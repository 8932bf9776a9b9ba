#pragma once

#include <QString>

namespace infrastage::runtime {

// The life of a whole run. Transitions: Stopped -> Starting -> Running -> Stopping -> Stopped;
// Starting -> Failed when a node does not come up (everything started is stopped again);
// Failed -> Starting on the next start().
enum class RuntimeState {
    Stopped,  // nothing runs
    Starting, // nodes are being started in dependency order
    Running,  // every node reported ready (some may since have been faulted)
    Stopping, // nodes are being terminated
    Failed,   // the start failed; the reason was reported, nothing runs
};

// The life of one node process.
enum class NodeState {
    Stopped,  // not started, or stopped on request
    Starting, // process launched, waiting for its ready line
    Running,  // ready and serving
    Frozen,   // SIGSTOPped by a fault; resumes with SIGCONT
    Stopping, // SIGTERM sent, waiting for the exit
    Failed,   // exited without being asked (crash, kill fault) or never became ready
};

QString runtimeStateName(RuntimeState state); // "stopped", "starting", ...
QString nodeStateName(NodeState state);

} // namespace infrastage::runtime
