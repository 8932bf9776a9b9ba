#pragma once

#include "model/nodekind.h"

#include <QIcon>
#include <QPixmap>

namespace infrastage::gui {

// The SVG icon of each node kind (resources/icons), rendered once per size and pixel ratio.
namespace IconCache {

QString iconPath(NodeKind kind);
QIcon icon(NodeKind kind);
QPixmap pixmap(NodeKind kind, int logicalSize, qreal devicePixelRatio);

} // namespace IconCache

// Registers the resources compiled into the static library; safe to call more than once.
void initResources();

} // namespace infrastage::gui
