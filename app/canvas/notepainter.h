#pragma once

#include "nodepainter.h"

namespace infrastage::gui {

// A text note: a sticky note with its text wrapped.
class NotePainter final : public NodePainter {
public:
    void paint(QPainter *painter, const NodePaintContext &context) const override;
};

} // namespace infrastage::gui
