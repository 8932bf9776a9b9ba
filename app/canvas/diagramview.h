#pragma once

#include "model/nodekind.h"

#include <QGraphicsView>
#include <QTimer>

namespace infrastage::gui {

class DiagramScene;

// The canvas widget: zoom (Ctrl+wheel), pan (middle button, or Space+drag), fit, a grid,
// rubber-band selection, and drops from the palette. Files dropped on it are left to the
// window.
class DiagramView final : public QGraphicsView {
    Q_OBJECT

public:
    explicit DiagramView(DiagramScene *scene, QWidget *parent = nullptr);

    static QString paletteMimeType();

    qreal zoom() const;
    void setZoom(qreal factor, const QPoint &anchor = QPoint());
    void zoomBy(qreal step, const QPoint &anchor = QPoint());
    void fitContent();
    // Scrolls and, if needed, zooms out so that `rect` (scene coordinates) is visible.
    void reveal(const QRectF &rect);

    bool showGrid() const { return m_showGrid; }
    void setShowGrid(bool show);

    // While the view pans or zooms, links are drawn without antialiasing (stroking smooth
    // curves is most of a frame's cost on a large design); a moment after the last move
    // everything is drawn smooth again.
    bool isMoving() const { return m_moving; }

Q_SIGNALS:
    void nodeDropped(infrastage::NodeKind kind, const QPointF &scenePos);
    void zoomChanged(qreal zoom);
    // A right click: the node or link under the cursor (both empty on the background).
    void contextMenuRequested(const QString &nodeId, const QString &linkId,
                              const QPoint &globalPos);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void moved();
    void settled();

    DiagramScene *m_scene;
    bool m_showGrid = true;
    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_panStart;
    bool m_moving = false;
    QTimer m_settle;
};

} // namespace infrastage::gui
