#pragma once

#include "model/nodekind.h"

#include <QString>

namespace infrastage {

// What a box in a drawing stands for besides a node of a design.
enum class DrawnMeaning {
    Node,        // a node of the kind given
    Network,     // "Internet", "WAN", a cloud: the wire between two hosts, not a node
    Certificate, // "SSL certificate": HTTPS on the host it is drawn at
};

// What a diagram label (and whatever else is known of a box) says the box is.
struct InferredKind {
    bool known = false;
    NodeKind kind = NodeKind::Note;
    QString databaseRole; // "primary" or "replica" for databases; empty: not said
    DrawnMeaning meaning = DrawnMeaning::Node;
};

} // namespace infrastage
