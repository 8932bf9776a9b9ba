#pragma once

#include "analysis/finding.h"
#include "diagramtheme.h"

#include <QGraphicsScene>
#include <QHash>

namespace infrastage {
class Topology;
class TopologyData;
} // namespace infrastage

namespace infrastage::gui {

class CanvasTool;
class LinkItem;
class NodeItem;

// The canvas content: one item per node and link of a Topology, kept in step with the model's
// signals through id -> item maps. It never changes the model; tools and commands do.
class DiagramScene final : public QGraphicsScene {
    Q_OBJECT

public:
    explicit DiagramScene(const Topology *topology, QObject *parent = nullptr);
    ~DiagramScene() override;

    const Topology *topology() const { return m_topology; }
    NodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    LinkItem *linkItem(const QString &id) const { return m_links.value(id); }
    const QHash<QString, NodeItem *> &nodeItems() const { return m_nodes; }
    const QHash<QString, LinkItem *> &linkItems() const { return m_links; }

    // The node under `scenePos` (components before their server), or null.
    NodeItem *nodeAt(const QPointF &scenePos) const;

    QStringList selectedNodeIds() const;
    QStringList selectedLinkIds() const;
    void selectIds(const QStringList &ids);
    // The scene rectangle covering `ids` (nodes or links), empty if none.
    QRectF boundsOf(const QStringList &ids) const;
    QRectF contentBounds() const;

    void setTheme(const DiagramTheme &theme);
    const DiagramTheme &theme() const { return m_theme; }

    // Badges: each node in a finding gets the worst severity among its findings.
    void setFindings(const Findings &findings);

    void setTool(CanvasTool *tool) { m_tool = tool; }

    // On screen, nodes are cached as pixmaps so panning only blits them; exports keep it off
    // so SVG and PDF stay vector.
    void setItemCaching(bool on);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void rebuild();
    void addNodeItem(const QString &id);
    void removeNodeItem(const QString &id);
    void syncNode(const QString &id);
    void addLinkItem(const QString &id);
    void removeLinkItem(const QString &id);
    void syncLink(const QString &id);
    void syncParallelLinks(const QString &a, const QString &b, const QString &except);
    void syncLinksOf(const QString &nodeId);
    void syncLinksOver(const QRectF &area); // the links passing through `area`
    void growSceneRect();
    // Where a node item's box stands in the scene (its NodeGeometry rectangle).
    static QRectF box(const NodeItem *item);
    struct Box {
        QRectF rect;
        QString id;
    };
    const QList<Box> &boxes() const; // every node item's box, rebuilt after a change

    const Topology *m_topology;
    DiagramTheme m_theme;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, LinkItem *> m_links;
    QHash<QString, QPair<Severity, QString>> m_badges; // node id -> badge shown
    CanvasTool *m_tool = nullptr;
    bool m_caching = false;
    bool m_opening = false; // rebuild() is adding the boxes of a whole model
    mutable QList<Box> m_boxes;
    mutable bool m_boxesStale = true;
};

} // namespace infrastage::gui
