#pragma once

#include "nodepainter.h"

namespace infrastage::gui {

// A component inside a server box: Nginx, application server, files, database, host firewall
// or monitoring agent, as one row.
class ComponentPainter final : public NodePainter {
public:
    void paint(QPainter *painter, const NodePaintContext &context) const override;
};

} // namespace infrastage::gui
