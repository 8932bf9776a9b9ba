#include "diagramscene.h"

#include "canvastool.h"
#include "linkitem.h"
#include "model/nodegeometry.h"
#include "model/topology.h"
#include "nodeitem.h"

#include <QGraphicsSceneMouseEvent>

namespace infrastage::gui {

DiagramScene::DiagramScene(const Topology *topology, QObject *parent)
    : QGraphicsScene(parent)
    , m_topology(topology)
    , m_theme(DiagramTheme::light()) {
    // Items move only when the model says so; a BSP index costs more than it saves here.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    connect(topology, &Topology::modelReset, this, &DiagramScene::rebuild);
    connect(topology, &Topology::nodeAdded, this, &DiagramScene::addNodeItem);
    connect(topology, &Topology::nodeRemoved, this, &DiagramScene::removeNodeItem);
    connect(topology, &Topology::nodeChanged, this, &DiagramScene::syncNode);
    connect(topology, &Topology::linkAdded, this, &DiagramScene::addLinkItem);
    connect(topology, &Topology::linkRemoved, this, &DiagramScene::removeLinkItem);
    connect(topology, &Topology::linkChanged, this, &DiagramScene::syncLink);
    rebuild();
}

DiagramScene::~DiagramScene() {
    // Deleting the items announces selection changes; nobody should look up items then.
    blockSignals(true);
    m_nodes.clear();
    m_links.clear();
}

void DiagramScene::rebuild() {
    {
        // Forget the items before they go, so selection signals never reach dead ones.
        const QSignalBlocker block(this);
        m_nodes.clear();
        m_links.clear();
        m_badges.clear();
        clear();
    }
    Q_EMIT selectionChanged();
    const TopologyData &data = m_topology->data();
    // Hosts first so components find their parent item. The model is whole, so every box
    // gets its final size at once, and links come after every box: nothing to re-sync.
    m_opening = true;
    for (const Node &n : data.nodes()) {
        if (n.parent.isEmpty())
            addNodeItem(n.id);
    }
    for (const Node &n : data.nodes()) {
        if (!n.parent.isEmpty())
            addNodeItem(n.id);
    }
    m_opening = false;
    for (const Link &l : data.links())
        addLinkItem(l.id);
    setSceneRect(contentBounds().adjusted(-400, -400, 400, 400));
}

void DiagramScene::addNodeItem(const QString &id) {
    const TopologyData &data = m_topology->data();
    const Node *n = data.node(id);
    if (!n || m_nodes.contains(id))
        return;
    auto *item = new NodeItem(*n, NodeGeometry::size(data, *n), &m_theme);
    item->setCaching(m_caching);
    NodeItem *parent = n->parent.isEmpty() ? nullptr : m_nodes.value(n->parent);
    if (parent)
        item->setParentItem(parent);
    else
        addItem(item);
    item->setPos(parent ? n->position : NodeGeometry::sceneRect(data, *n).topLeft());
    m_nodes.insert(id, item);
    m_boxesStale = true;
    if (m_opening)
        return;
    // Components added later (undo of a delete, a fix) may find their server here.
    for (const Node *c : data.children(id)) {
        if (NodeItem *ci = m_nodes.value(c->id))
            ci->setParentItem(item);
    }
    if (parent)
        syncNode(n->parent);
    syncLinksOf(id);
    syncLinksOver(item->sceneBoundingRect()); // links it now stands in the way of
    growSceneRect();
}

void DiagramScene::removeNodeItem(const QString &id) {
    NodeItem *item = m_nodes.take(id);
    if (!item)
        return;
    const QString parentId = item->node().parent;
    // Children whose removal comes later keep living until their own signal.
    for (QGraphicsItem *child : item->childItems()) {
        if (child->type() == NodeItem::Type) {
            child->setParentItem(nullptr);
            removeItem(child);
        }
    }
    m_badges.remove(id);
    const QRectF was = item->sceneBoundingRect();
    delete item;
    m_boxesStale = true;
    syncLinksOver(was); // links that bent around it go straight again
    if (!parentId.isEmpty())
        syncNode(parentId);
}

void DiagramScene::syncNode(const QString &id) {
    const TopologyData &data = m_topology->data();
    const Node *n = data.node(id);
    NodeItem *item = m_nodes.value(id);
    if (!n || !item)
        return;
    NodeItem *parent = n->parent.isEmpty() ? nullptr : m_nodes.value(n->parent);
    if (item->parentItem() != parent) {
        const QString oldParent = item->node().parent;
        item->setParentItem(parent);
        if (!parent && !item->scene())
            addItem(item);
        if (!oldParent.isEmpty())
            syncNode(oldParent);
    }
    // Links that pass where the box was or now is may bend differently.
    const QRectF before = item->sceneBoundingRect();
    m_boxesStale = true;
    item->setNode(*n, NodeGeometry::size(data, *n));
    item->setPos(n->position);
    item->setZValue(n->parent.isEmpty() ? (n->kind == NodeKind::Server ? 0 : 2) : 3);
    // The rows of a server share one width (NodeGeometry): a renamed row can resize its
    // siblings and the server, and move the ends of their links.
    const Node *server = parent ? data.node(n->parent) : n;
    for (const Node *c : data.children(server->id)) {
        if (NodeItem *ci = m_nodes.value(c->id); ci && c != n)
            ci->setNode(*c, NodeGeometry::size(data, *c));
    }
    if (parent) {
        parent->setNode(*server, NodeGeometry::size(data, *server));
        syncLinksOf(server->id);
    }
    syncLinksOf(id);
    for (const Node *c : data.children(server->id))
        syncLinksOf(c->id);
    syncLinksOver(before.united(item->sceneBoundingRect()));
}

void DiagramScene::addLinkItem(const QString &id) {
    const Link *l = m_topology->data().link(id);
    if (!l || m_links.contains(id))
        return;
    auto *item = new LinkItem(*l, &m_theme);
    addItem(item);
    m_links.insert(id, item);
    syncLink(id);
    syncParallelLinks(l->from, l->to, id);
}

void DiagramScene::removeLinkItem(const QString &id) {
    LinkItem *item = m_links.take(id);
    if (!item)
        return;
    const Link gone = item->link();
    delete item;
    syncParallelLinks(gone.from, gone.to, id);
}

// Links joining the same two nodes share the space between them (LinkEnds::laneOf): one
// more or one less moves the others.
void DiagramScene::syncParallelLinks(const QString &a, const QString &b, const QString &except) {
    const TopologyData &data = m_topology->data();
    QStringList ids;
    for (const Link *l : data.linksFrom(a)) {
        if (l->to == b && l->id != except)
            ids.append(l->id);
    }
    for (const Link *l : data.linksTo(a)) {
        if (l->from == b && l->id != except)
            ids.append(l->id);
    }
    for (const QString &id : std::as_const(ids))
        syncLink(id);
}

void DiagramScene::syncLink(const QString &id) {
    const TopologyData &data = m_topology->data();
    const Link *l = data.link(id);
    LinkItem *item = m_links.value(id);
    if (!l || !item)
        return;
    item->setLink(*l);
    const Node *from = data.node(l->from);
    const Node *to = data.node(l->to);
    item->setVisible(from && to);
    if (!from || !to)
        return;
    const NodeItem *fromItem = m_nodes.value(from->id);
    const NodeItem *toItem = m_nodes.value(to->id);
    LinkEnds ends;
    LinkEnds::of(data, *l, &ends);
    if (fromItem)
        ends.from = box(fromItem);
    if (toItem)
        ends.to = box(toItem);
    // The boxes in the way: the same set LinkRoute::of finds by scanning the model, so the
    // canvas draws what the layout check checks, from the boxes the node items stand in
    // (kept by syncNode). A scan of a flat list: the scene's index sorts what it finds by
    // stacking order, which cost more than the scan when a design opens.
    const QStringList endBoxes = LinkRoute::endIds(data, *l);
    auto obstaclesIn = [&](const QRectF &area) {
        QList<QRectF> obstacles;
        for (const Box &b : boxes()) {
            if (b.rect.intersects(area) && !endBoxes.contains(b.id))
                obstacles.append(b.rect);
        }
        return obstacles;
    };
    item->setRoute(LinkRoute::route(ends, LinkRoute::labelText(*l), obstaclesIn));
}

QRectF DiagramScene::box(const NodeItem *item) {
    return QRectF(item->scenePos(), item->size());
}

const QList<DiagramScene::Box> &DiagramScene::boxes() const {
    if (m_boxesStale) {
        m_boxes.clear();
        m_boxes.reserve(m_nodes.size());
        for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
            m_boxes.append({box(it.value()), it.key()});
        m_boxesStale = false;
    }
    return m_boxes;
}

void DiagramScene::syncLinksOver(const QRectF &area) {
    if (m_links.isEmpty()) // none yet while a design is opened: nodes come first
        return;
    QStringList ids;
    for (QGraphicsItem *gi : items(area, Qt::IntersectsItemBoundingRect)) {
        if (gi->type() == LinkItem::Type)
            ids.append(static_cast<LinkItem *>(gi)->id());
    }
    for (const QString &id : std::as_const(ids))
        syncLink(id);
}

void DiagramScene::syncLinksOf(const QString &nodeId) {
    const TopologyData &data = m_topology->data();
    for (const Link *l : data.linksFrom(nodeId))
        syncLink(l->id);
    for (const Link *l : data.linksTo(nodeId))
        syncLink(l->id);
}

void DiagramScene::growSceneRect() {
    const QRectF wanted = contentBounds().adjusted(-400, -400, 400, 400);
    if (!sceneRect().contains(wanted))
        setSceneRect(sceneRect().united(wanted));
}

NodeItem *DiagramScene::nodeAt(const QPointF &scenePos) const {
    for (QGraphicsItem *item : items(scenePos)) {
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
    }
    return nullptr;
}

QStringList DiagramScene::selectedNodeIds() const {
    QStringList ids;
    const TopologyData &data = m_topology->data();
    for (const Node &n : data.nodes()) { // document order, for stable commands
        NodeItem *item = m_nodes.value(n.id);
        if (item && item->isSelected())
            ids.append(n.id);
    }
    return ids;
}

QStringList DiagramScene::selectedLinkIds() const {
    QStringList ids;
    for (const Link &l : m_topology->data().links()) {
        LinkItem *item = m_links.value(l.id);
        if (item && item->isSelected())
            ids.append(l.id);
    }
    return ids;
}

void DiagramScene::selectIds(const QStringList &ids) {
    clearSelection();
    for (const QString &id : ids) {
        if (NodeItem *n = m_nodes.value(id))
            n->setSelected(true);
        else if (LinkItem *l = m_links.value(id))
            l->setSelected(true);
    }
}

QRectF DiagramScene::boundsOf(const QStringList &ids) const {
    QRectF r;
    for (const QString &id : ids) {
        if (NodeItem *n = m_nodes.value(id))
            r = r.united(n->sceneBoundingRect());
        else if (LinkItem *l = m_links.value(id))
            r = r.united(l->path().boundingRect());
    }
    return r;
}

QRectF DiagramScene::contentBounds() const {
    QRectF r;
    for (NodeItem *n : m_nodes) {
        if (!n->parentItem())
            r = r.united(n->sceneBoundingRect());
    }
    for (LinkItem *l : m_links) {
        if (l->isVisible())
            r = r.united(l->visibleRect());
    }
    return r;
}

void DiagramScene::setItemCaching(bool on) {
    m_caching = on;
    for (NodeItem *item : std::as_const(m_nodes))
        item->setCaching(on);
}

void DiagramScene::setTheme(const DiagramTheme &theme) {
    m_theme = theme;
    setBackgroundBrush(theme.background);
    for (NodeItem *item : std::as_const(m_nodes))
        item->update(); // drops cached pixmaps drawn in the old colours
    update();
}

void DiagramScene::setFindings(const Findings &findings) {
    struct Badge {
        Severity severity = Severity::Info;
        QStringList lines;
    };
    QHash<QString, Badge> badges;
    for (const Finding &f : findings) {
        if (f.severity == Severity::Info)
            continue; // only red and amber badges on the canvas
        // One finding may name hundreds of nodes: build its text once.
        const QString line = QStringLiteral("<b>%1</b><br/>%2")
                                 .arg(f.title.toHtmlEscaped(), f.explanation.toHtmlEscaped());
        for (const QString &id : f.nodes) {
            if (!m_nodes.contains(id))
                continue;
            Badge &b = badges[id];
            if (b.lines.isEmpty() || int(f.severity) < int(b.severity))
                b.severity = f.severity;
            b.lines.append(line);
        }
    }
    QHash<QString, QPair<Severity, QString>> next;
    for (auto it = badges.cbegin(); it != badges.cend(); ++it)
        next.insert(it.key(), {it->severity, it->lines.join(QStringLiteral("<hr/>"))});
    // Touch only the items whose badge changes.
    for (auto it = m_badges.cbegin(); it != m_badges.cend(); ++it) {
        if (!next.contains(it.key())) {
            if (NodeItem *item = m_nodes.value(it.key()))
                item->setBadge(false, Severity::Info, QString());
        }
    }
    for (auto it = next.cbegin(); it != next.cend(); ++it) {
        auto old = m_badges.constFind(it.key());
        if (old != m_badges.cend() && *old == *it)
            continue;
        m_nodes.value(it.key())->setBadge(true, it->first, it->second);
    }
    m_badges = next;
}

void DiagramScene::mousePressEvent(QGraphicsSceneMouseEvent *event) {
    if (!m_tool || !m_tool->mousePress(event))
        QGraphicsScene::mousePressEvent(event);
}

void DiagramScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event) {
    if (!m_tool || !m_tool->mouseMove(event))
        QGraphicsScene::mouseMoveEvent(event);
}

void DiagramScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event) {
    if (!m_tool || !m_tool->mouseRelease(event))
        QGraphicsScene::mouseReleaseEvent(event);
}

} // namespace infrastage::gui
