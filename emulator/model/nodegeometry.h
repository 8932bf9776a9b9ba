#pragma once

#include "componentplacement.h"
#include "topologydata.h"

#include <QRectF>
#include <QStringList>

namespace infrastage {

// Sizes and places of node boxes, known from the model alone: the canvas draws them, the
// editing commands and the layout place them, and `infrastage-cli layout --check` checks them.
// A box grows to show its name and its detail line whole; past a widest size the name wraps.
namespace NodeGeometry {

constexpr qreal kGrid = 20;       // snap grid
constexpr qreal kCardWidth = 230; // a standalone host (client, DNS, LB, ...), at least
constexpr qreal kCardHeight = 60; // with a one-line name
constexpr qreal kCardMaxWidth = 360;
constexpr qreal kCardTextInset = 69;   // the icon and margins beside a card's text
constexpr qreal kComponentWidth = 220; // a component row inside a server box, at least
constexpr qreal kComponentHeight = 42; // with a one-line name
constexpr qreal kComponentMaxWidth = 340;
constexpr qreal kComponentTextInset = 56;
constexpr qreal kComponentStep = ComponentPlacement::kRowStep; // between component rows
constexpr qreal kComponentGap = kComponentStep - kComponentHeight;
constexpr qreal kServerHeader = ComponentPlacement::kHeader; // title band of a server box
constexpr qreal kServerPadding = ComponentPlacement::kPadding;
constexpr qreal kServerMaxWidth = 520;
constexpr qreal kServerTitleInset = 58; // the icon and margins in a server's title band
constexpr qreal kNoteWidth = 180;
constexpr qreal kNoteHeight = 80;
constexpr qreal kNoteMaxWidth = 320;
constexpr qreal kNoteInset = 16; // margins of a note's text
constexpr qreal kNoteTitle = 18; // the name line above a note's text

// The node's size; a server's depends on its children.
QSizeF size(const TopologyData &data, const Node &node);
// The rectangle in scene coordinates (components: their parent's position added).
QRectF sceneRect(const TopologyData &data, const Node &node);
// The host (top-level node) whose scene rectangle contains `scenePos`.
const Node *hostAt(const TopologyData &data, const QPointF &scenePos);
QPointF snapped(const QPointF &p);

// The name as the box shows it, wrapped to the box's width (a server's title: one line).
QStringList nameLines(const TopologyData &data, const Node &node);
// The same for a box `width` wide: what the painters draw.
QStringList wrapName(const Node &node, qreal width);
// False when even the widest box cuts the name: a server title or a single word too long.
bool nameFits(const TopologyData &data, const Node &node);

} // namespace NodeGeometry

} // namespace infrastage
