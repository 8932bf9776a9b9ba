#pragma once

#include "analysis/finding.h"
#include "diagramtheme.h"
#include "model/topologydata.h"

#include <QImage>
#include <QRectF>
#include <memory>

class QPainter;

namespace infrastage {
class Topology;
}

namespace infrastage::gui {

class DiagramScene;

// Draws a topology exactly as the canvas shows it, without a window: for PNG/SVG/PDF exports
// and screenshots. Needs a QApplication (QT_QPA_PLATFORM=offscreen is enough).
//
//   DiagramRenderer r(data);              // light theme, no badges
//   r.setFindings(analyzeTopology(data)); // optional: red/amber badges
//   QImage png = r.toImage(2.0);          // 2 device pixels per diagram unit
//   QSvgGenerator svg; ... QPainter p(&svg); r.render(&p, QRectF(QPointF(), r.size()));
class DiagramRenderer final {
public:
    explicit DiagramRenderer(const TopologyData &data,
                             const DiagramTheme &theme = DiagramTheme::light());
    ~DiagramRenderer();

    void setFindings(const Findings &findings);
    void setMargin(qreal margin); // around the content, diagram units; default 24

    // The diagram's extent in scene coordinates (content plus margin) and its size.
    QRectF bounds() const;
    QSizeF size() const { return bounds().size(); }

    // Paints the whole diagram, background included, into `target` (device coordinates of
    // `painter`), keeping the aspect ratio. An empty target means "at 1:1 from (0,0)".
    void render(QPainter *painter, const QRectF &target = QRectF());
    QImage toImage(qreal scale = 2.0);

    DiagramScene *scene() const { return m_scene.get(); }

private:
    std::unique_ptr<Topology> m_topology;
    std::unique_ptr<DiagramScene> m_scene;
    qreal m_margin = 24;
};

} // namespace infrastage::gui
