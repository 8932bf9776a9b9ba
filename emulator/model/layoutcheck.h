#pragma once

#include "topologydata.h"

#include <QList>
#include <QStringList>

namespace infrastage {

// What can be wrong with how a design is laid out.
enum class LayoutProblemKind {
    BoxesOverlap, // two hosts, or two rows of one server, cover each other
    LabelOverBox, // a link's label lies on a box that is not one of the link's ends
    NameCut,      // a box cannot show its name whole even at its widest
    LinkOverBox,  // a link passes over a box no bend of its curve could get it around
};

struct LayoutProblem {
    LayoutProblemKind kind;
    QStringList nodes; // the boxes involved
    QString link;      // LabelOverBox, LinkOverBox: the link
    QString text;      // one line a person reads: what overlaps what
};

// Checks a design's layout with the designer's own geometry (NodeGeometry, LinkRoute).
namespace LayoutCheck {
QList<LayoutProblem> run(const TopologyData &data);
} // namespace LayoutCheck

} // namespace infrastage
