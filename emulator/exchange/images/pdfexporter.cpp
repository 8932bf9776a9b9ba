// PDF: one page the size of the diagram (QPdfWriter), vector like the SVG.
#include "analysis/analyzer.h"
#include "canvas/diagramrenderer.h"
#include "exporter.h"

#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace infrastage {

namespace {

class PdfExporter final : public Exporter {
public:
    QString format() const override { return QStringLiteral("pdf"); }
    QString summary() const override { return QStringLiteral("PDF page of the canvas (vector)"); }
    QString extension() const override { return QStringLiteral("pdf"); }
    bool needsGui() const override { return true; }

    bool write(const TopologyData &topology, const ExportOptions &, const QString &path,
               QString *error) const override {
        gui::DiagramRenderer renderer(topology);
        renderer.setFindings(analyzeTopology(topology));
        const QSizeF size = renderer.size();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        {
            QPdfWriter pdf(&buffer);
            pdf.setTitle(topology.name);
            pdf.setCreator(QStringLiteral("Infrastage"));
            pdf.setResolution(96); // one diagram unit is one pixel at 100 %
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
            QPainter painter(&pdf);
            renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height())));
        }
        return Exporters::writeFile(path, buffer.data(), error);
    }
};

const PdfExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
