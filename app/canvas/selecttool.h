#pragma once

#include "canvastool.h"

#include <QHash>
#include <QPointF>
#include <QStringList>

namespace infrastage::gui {

class ConnectTool;
class DesignEditor;
class DiagramScene;

// Click to select, Ctrl+click to add, drag selected nodes to move them (snapped to the grid),
// drag a part of a server (a database, say) onto another server to move it there, drag from a
// node's handle to link it. Empty space is left to the view's rubber band.
class SelectTool final : public CanvasTool {
public:
    SelectTool(DiagramScene *scene, DesignEditor *editor, ConnectTool *connect);

    bool mousePress(QGraphicsSceneMouseEvent *event) override;
    bool mouseMove(QGraphicsSceneMouseEvent *event) override;
    bool mouseRelease(QGraphicsSceneMouseEvent *event) override;

    void setSnapToGrid(bool snap) { m_snap = snap; }
    bool snapToGrid() const { return m_snap; }

private:
    void moveComponent(const QPointF &delta);
    void dropComponent(const QPointF &scenePos);

    DiagramScene *m_scene;
    DesignEditor *m_editor;
    ConnectTool *m_connect;
    bool m_snap = true;
    bool m_connecting = false;
    bool m_dragging = false;
    int m_session = 0;
    QPointF m_pressPos;
    QHash<QString, QPointF> m_start; // host id -> its position when the drag began
    QString m_component;             // the part of a server being dragged on its own
    QPointF m_componentStart;        // its position in its server when the drag began
};

} // namespace infrastage::gui
