#pragma once

#include "node.h"

namespace infrastage {

// The words a node's box shows besides its name, shared by the canvas painters and the
// headless geometry (which sizes the boxes to hold them).
namespace NodeCaption {

// One short line under a node's name: its address, port, role, ... (a note's text).
QString detail(const Node &node);

} // namespace NodeCaption

} // namespace infrastage
