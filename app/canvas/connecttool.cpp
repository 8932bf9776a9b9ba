#include "connecttool.h"

#include "commands/designeditor.h"
#include "diagramscene.h"
#include "nodeitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsSceneMouseEvent>
#include <QPen>

namespace infrastage::gui {

ConnectTool::ConnectTool(DiagramScene *scene, DesignEditor *editor)
    : m_scene(scene)
    , m_editor(editor) {}

ConnectTool::~ConnectTool() {
    finish();
}

bool ConnectTool::mousePress(QGraphicsSceneMouseEvent *event) {
    if (event->button() != Qt::LeftButton)
        return false;
    NodeItem *item = m_scene->nodeAt(event->scenePos());
    if (!item || !item->canConnect())
        return false;
    begin(item->id(), event->scenePos());
    return true;
}

void ConnectTool::begin(const QString &nodeId, const QPointF &scenePos) {
    finish();
    m_from = nodeId;
    m_rubber = new QGraphicsPathItem;
    QPen pen(m_scene->theme().selection, 2, Qt::DashLine);
    m_rubber->setPen(pen);
    m_rubber->setZValue(100);
    m_scene->addItem(m_rubber);
    QPainterPath p(scenePos);
    p.lineTo(scenePos);
    m_rubber->setPath(p);
}

bool ConnectTool::mouseMove(QGraphicsSceneMouseEvent *event) {
    if (!active())
        return false;
    NodeItem *from = m_scene->nodeItem(m_from);
    if (!from) {
        finish();
        return true;
    }
    const QPointF start = from->mapToScene(from->handleRect().center());
    QPainterPath p(start);
    p.lineTo(event->scenePos());
    m_rubber->setPath(p);
    NodeItem *target = m_scene->nodeAt(event->scenePos());
    const bool ok = target && target->id() != m_from && m_editor->canConnect(m_from, target->id());
    m_rubber->setPen(
        QPen(target && !ok ? m_scene->theme().error : m_scene->theme().selection, 2, Qt::DashLine));
    return true;
}

bool ConnectTool::mouseRelease(QGraphicsSceneMouseEvent *event) {
    if (!active())
        return false;
    const QString from = m_from;
    finish();
    NodeItem *target = m_scene->nodeAt(event->scenePos());
    if (!target || target->id() == from)
        return true; // dropped on empty canvas: nothing to do
    QString error;
    const QString id = m_editor->connectNodes(from, target->id(), &error);
    if (id.isEmpty())
        Q_EMIT m_editor->statusMessage(QObject::tr("Link refused: %1").arg(error));
    else
        m_scene->selectIds({id});
    return true;
}

void ConnectTool::finish() {
    m_from.clear();
    delete m_rubber;
    m_rubber = nullptr;
}

} // namespace infrastage::gui
