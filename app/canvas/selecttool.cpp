#include "selecttool.h"

#include "commands/designeditor.h"
#include "connecttool.h"
#include "diagramscene.h"
#include "linkitem.h"
#include "model/topology.h"
#include "nodegeometry.h"
#include "nodeitem.h"

#include <QApplication>
#include <QGraphicsSceneMouseEvent>

namespace infrastage::gui {

SelectTool::SelectTool(DiagramScene *scene, DesignEditor *editor, ConnectTool *connect)
    : m_scene(scene)
    , m_editor(editor)
    , m_connect(connect) {}

bool SelectTool::mousePress(QGraphicsSceneMouseEvent *event) {
    if (event->button() != Qt::LeftButton)
        return false;
    NodeItem *item = m_scene->nodeAt(event->scenePos());
    if (!item)
        return false; // links and empty space: the scene selects, the view rubber-bands
    const QRectF handle = item->handleRect().adjusted(-3, -3, 3, 3);
    if (!handle.isEmpty() && handle.contains(item->mapFromScene(event->scenePos()))) {
        m_connecting = true;
        m_connect->begin(item->id(), event->scenePos());
        return true;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        item->setSelected(!item->isSelected());
        return true;
    }
    if (!item->isSelected()) {
        m_scene->clearSelection();
        item->setSelected(true);
    }
    // Dragging moves the selected hosts; a selected component moves with its server.
    m_start.clear();
    const TopologyData &data = m_scene->topology()->data();
    for (const QString &id : m_scene->selectedNodeIds()) {
        const Node *n = data.node(id);
        const Node *host = n ? data.host(*n) : nullptr;
        if (host)
            m_start.insert(host->id, host->position);
    }
    m_pressPos = event->scenePos();
    m_dragging = false;
    return true;
}

bool SelectTool::mouseMove(QGraphicsSceneMouseEvent *event) {
    if (m_connecting)
        return m_connect->mouseMove(event);
    if (m_start.isEmpty() || !(event->buttons() & Qt::LeftButton))
        return false;
    const QPointF delta = event->scenePos() - m_pressPos;
    if (!m_dragging) {
        if (delta.manhattanLength() < QApplication::startDragDistance())
            return true;
        m_dragging = true;
        m_session = m_editor->beginDrag();
    }
    QHash<QString, QPointF> positions;
    for (auto it = m_start.cbegin(); it != m_start.cend(); ++it) {
        const QPointF p = it.value() + delta;
        positions.insert(it.key(), m_snap ? NodeGeometry::snapped(p) : p);
    }
    m_editor->moveNodes(positions, m_session);
    return true;
}

bool SelectTool::mouseRelease(QGraphicsSceneMouseEvent *event) {
    if (m_connecting) {
        m_connecting = false;
        return m_connect->mouseRelease(event);
    }
    const bool handled = !m_start.isEmpty();
    m_start.clear();
    m_dragging = false;
    return handled;
}

} // namespace infrastage::gui
