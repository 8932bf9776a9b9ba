#pragma once

#include "mermaidgraph.h"

#include <QString>

namespace infrastage {

// The arrows of Mermaid's flowchart grammar: "-->", "---", "==>", "-.->", "~~~", with heads at
// either end or both ("<-->", "o--o", "x--x"), longer forms ("--->"), an id before them
// ("e1@-->", Mermaid 11) and their text, written inside ("-- text -->", "--"text"-->") or
// after ("-->|text|").
class MermaidArrow final {
public:
    // Reads the arrow starting at `*pos` (spaces before it allowed) into `edge`'s stroke, heads
    // and label, and moves `*pos` past it; `id` gets its id, if it has one. False, with
    // nothing moved, when no arrow starts there.
    static bool read(const QString &s, int *pos, MermaidEdge *edge, QString *id);
};

} // namespace infrastage
