#pragma once

#include "canvastool.h"

#include <QPointF>
#include <QString>

class QGraphicsPathItem;

namespace infrastage::gui {

class DesignEditor;
class DiagramScene;

// Drag from one node to another to link them; the link kind follows from the two ends and a
// refused link is explained in the status bar.
class ConnectTool final : public CanvasTool {
public:
    ConnectTool(DiagramScene *scene, DesignEditor *editor);
    ~ConnectTool() override;

    bool mousePress(QGraphicsSceneMouseEvent *event) override;
    bool mouseMove(QGraphicsSceneMouseEvent *event) override;
    bool mouseRelease(QGraphicsSceneMouseEvent *event) override;

    // Starts a link from `nodeId` (the select tool calls this when a handle is pressed).
    void begin(const QString &nodeId, const QPointF &scenePos);
    bool active() const { return !m_from.isEmpty(); }

private:
    void finish();

    DiagramScene *m_scene;
    DesignEditor *m_editor;
    QString m_from;
    QGraphicsPathItem *m_rubber = nullptr;
};

} // namespace infrastage::gui
