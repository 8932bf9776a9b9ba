// SVG: the canvas drawn through QSvgGenerator, so boxes, text and icons stay vector.
#include "analysis/analyzer.h"
#include "canvas/diagramrenderer.h"
#include "exporter.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>

namespace infrastage {

namespace {

class SvgExporter final : public Exporter {
public:
    QString format() const override { return QStringLiteral("svg"); }
    QString summary() const override {
        return QStringLiteral("SVG drawing of the canvas (vector)");
    }
    QString extension() const override { return QStringLiteral("svg"); }
    bool needsGui() const override { return true; }

    bool write(const TopologyData &topology, const ExportOptions &, const QString &path,
               QString *error) const override {
        gui::DiagramRenderer renderer(topology);
        renderer.setFindings(analyzeTopology(topology));
        const QSizeF size = renderer.size();
        QBuffer buffer; // written in one go, so a failure leaves no half file behind
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), size));
        svg.setTitle(topology.name);
        svg.setDescription(QStringLiteral("Exported by Infrastage"));
        QPainter painter(&svg);
        renderer.render(&painter, QRectF(QPointF(0, 0), size));
        painter.end();
        return Exporters::writeFile(path, buffer.data(), error);
    }
};

const SvgExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
