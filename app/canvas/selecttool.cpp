#include "selecttool.h"

#include "commands/designeditor.h"
#include "connecttool.h"
#include "diagramscene.h"
#include "linkitem.h"
#include "model/nodegeometry.h"
#include "model/topology.h"
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
    m_start.clear();
    m_component.clear();
    m_pressPos = event->scenePos();
    m_dragging = false;
    const TopologyData &data = m_scene->topology()->data();
    // A part of a server dragged on its own can go to another server.
    const QStringList selected = m_scene->selectedNodeIds();
    if (!item->node().parent.isEmpty() && selected == QStringList{item->id()}) {
        m_component = item->id();
        m_componentStart = item->pos();
        return true;
    }
    // Otherwise dragging moves the selected hosts; a selected component moves with its server.
    for (const QString &id : m_scene->selectedNodeIds()) {
        const Node *n = data.node(id);
        const Node *host = n ? data.host(*n) : nullptr;
        if (host)
            m_start.insert(host->id, host->position);
    }
    return true;
}

bool SelectTool::mouseMove(QGraphicsSceneMouseEvent *event) {
    if (m_connecting)
        return m_connect->mouseMove(event);
    if ((m_start.isEmpty() && m_component.isEmpty()) || !(event->buttons() & Qt::LeftButton))
        return false;
    const QPointF delta = event->scenePos() - m_pressPos;
    if (!m_dragging) {
        if (delta.manhattanLength() < QApplication::startDragDistance())
            return true;
        m_dragging = true;
        m_session = m_editor->beginDrag();
    }
    if (!m_component.isEmpty()) {
        moveComponent(delta);
        return true;
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
    const bool handled = !m_start.isEmpty() || !m_component.isEmpty();
    if (!m_component.isEmpty() && m_dragging)
        dropComponent(event->scenePos());
    m_start.clear();
    m_component.clear();
    m_dragging = false;
    return handled;
}

// The model changes only on the drop: while dragging, the item alone follows the mouse, drawn
// above every other host.
void SelectTool::moveComponent(const QPointF &delta) {
    NodeItem *item = m_scene->nodeItem(m_component);
    if (!item)
        return;
    item->setPos(m_componentStart + delta);
    if (QGraphicsItem *server = item->parentItem())
        server->setZValue(5);
}

void SelectTool::dropComponent(const QPointF &scenePos) {
    const TopologyData &data = m_scene->topology()->data();
    const Node *component = data.node(m_component);
    const Node *host = NodeGeometry::hostAt(data, scenePos);
    NodeItem *item = m_scene->nodeItem(m_component);
    if (item) {
        // Back in place first: a move that is refused leaves the canvas as the model is.
        item->setPos(m_componentStart);
        if (QGraphicsItem *server = item->parentItem())
            server->setZValue(0);
    }
    if (!component || (host && host->id == component->parent))
        return; // dropped back into its own server
    QString error;
    if (!m_editor->moveComponent(m_component, host ? host->id : QString(), &error))
        Q_EMIT m_editor->statusMessage(error);
}

} // namespace infrastage::gui
