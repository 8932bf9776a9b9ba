#pragma once

#include "nodepainter.h"

namespace infrastage::gui {

// A server: a box titled with its name and design IP that holds its components, like the
// subgraphs of the reference diagram.
class ServerPainter final : public NodePainter {
public:
    void paint(QPainter *painter, const NodePaintContext &context) const override;
};

} // namespace infrastage::gui
