#pragma once

#include "model/componentplacement.h"
#include "model/topologydata.h"

#include <QRectF>

namespace infrastage::gui {

// Sizes and places of node looks, shared by the scene, the layout and the editing commands,
// so a node's rectangle can be known from the model alone.
namespace NodeGeometry {

constexpr qreal kGrid = 20;       // snap grid
constexpr qreal kCardWidth = 230; // a standalone host (client, DNS, LB, ...)
constexpr qreal kCardHeight = 60;
constexpr qreal kComponentWidth = 220; // a component row inside a server box
constexpr qreal kComponentHeight = 42;
constexpr qreal kComponentStep = ComponentPlacement::kRowStep; // between component rows
constexpr qreal kServerHeader = ComponentPlacement::kHeader;   // title band of a server box
constexpr qreal kServerPadding = ComponentPlacement::kPadding;
constexpr qreal kNoteWidth = 180;
constexpr qreal kNoteHeight = 80;

// The node's size; a server's depends on its children.
QSizeF size(const TopologyData &data, const Node &node);
// The rectangle in scene coordinates (components: their parent's position added).
QRectF sceneRect(const TopologyData &data, const Node &node);
// The host (top-level node) whose scene rectangle contains `scenePos`, of `kind` if given.
const Node *hostAt(const TopologyData &data, const QPointF &scenePos);
QPointF snapped(const QPointF &p);

} // namespace NodeGeometry

} // namespace infrastage::gui
