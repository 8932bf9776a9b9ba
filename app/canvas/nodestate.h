#pragma once

namespace infrastage::gui {

// The run-time state of a node as the live view reports it; painters colour by it.
// In the designer every node is `Design`.
enum class NodeState {
    Design,   // not running: drawn in its kind's colours
    Starting, // process launched, not yet ready
    Up,       // ready and serving
    Degraded, // serving, but slowed down by a fault
    Frozen,   // the process is stopped (SIGSTOP): holds its sockets, answers nothing
    Down,     // stopped, killed or crashed
    Fenced,   // a database refused writes by failover (it may still answer reads)
    Promoted, // a replica that became the primary by failover
};

} // namespace infrastage::gui
