#pragma once

class QGraphicsSceneMouseEvent;

namespace infrastage::gui {

// One way of handling the mouse on the canvas (select and move, connect). The scene forwards
// its mouse events to the active tool; a tool returns false to leave an event to the scene's
// default handling (selection, rubber band).
class CanvasTool {
public:
    virtual ~CanvasTool() = default;
    virtual bool mousePress(QGraphicsSceneMouseEvent *event) = 0;
    virtual bool mouseMove(QGraphicsSceneMouseEvent *event) = 0;
    virtual bool mouseRelease(QGraphicsSceneMouseEvent *event) = 0;
};

} // namespace infrastage::gui
