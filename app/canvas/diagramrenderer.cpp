#include "diagramrenderer.h"

#include "diagramscene.h"
#include "iconcache.h"
#include "model/topology.h"

#include <QPainter>

namespace infrastage::gui {

DiagramRenderer::DiagramRenderer(const TopologyData &data, const DiagramTheme &theme)
    : m_topology(std::make_unique<Topology>()) {
    initResources();
    m_topology->reset(data);
    m_scene = std::make_unique<DiagramScene>(m_topology.get());
    m_scene->setTheme(theme);
}

DiagramRenderer::~DiagramRenderer() {
    m_scene.reset(); // before the topology it observes
}

void DiagramRenderer::setFindings(const Findings &findings) {
    m_scene->setFindings(findings);
}

void DiagramRenderer::setMargin(qreal margin) {
    m_margin = margin;
}

QRectF DiagramRenderer::bounds() const {
    QRectF r = m_scene->contentBounds();
    if (r.isEmpty())
        r = QRectF(0, 0, 200, 100);
    return r.adjusted(-m_margin, -m_margin, m_margin, m_margin);
}

void DiagramRenderer::render(QPainter *painter, const QRectF &target) {
    const QRectF source = bounds();
    const QRectF to = target.isEmpty() ? QRectF(QPointF(0, 0), source.size()) : target;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    m_scene->clearSelection();
    m_scene->render(painter, to, source, Qt::KeepAspectRatio);
    painter->restore();
}

QImage DiagramRenderer::toImage(qreal scale) {
    const QSizeF s = size() * scale;
    QImage image(s.toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(m_scene->theme().background);
    QPainter p(&image);
    render(&p, QRectF(QPointF(0, 0), s));
    p.end();
    return image;
}

} // namespace infrastage::gui
