#pragma once

#include "nodepainter.h"

namespace infrastage::gui {

// A standalone host (client, DNS, load balancer, firewall, monitoring): a card with its icon,
// name and address.
class CardPainter final : public NodePainter {
public:
    void paint(QPainter *painter, const NodePaintContext &context) const override;
};

} // namespace infrastage::gui
