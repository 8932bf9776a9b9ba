#pragma once

namespace infrastage::gui {

// The run-time state of a node as the live view will report it; painters colour by it.
// In the designer every node is `Design`.
enum class NodeState {
    Design,   // not running: drawn in its kind's colours
    Starting, // process launched, not yet ready
    Up,       // ready and serving
    Degraded, // serving, but slow or partly cut off
    Down,     // stopped, killed or unreachable
};

} // namespace infrastage::gui
