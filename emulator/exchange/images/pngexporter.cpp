// PNG: the diagram as the canvas draws it, at `--scale` device pixels per canvas unit.
#include "analysis/analyzer.h"
#include "canvas/diagramrenderer.h"
#include "exporter.h"

#include <QBuffer>
#include <QImageWriter>

namespace infrastage {

namespace {

class PngExporter final : public Exporter {
public:
    QString format() const override { return QStringLiteral("png"); }
    QString summary() const override {
        return QStringLiteral("PNG image of the canvas, at a chosen scale");
    }
    QString extension() const override { return QStringLiteral("png"); }
    bool needsGui() const override { return true; }

    bool write(const TopologyData &topology, const ExportOptions &options, const QString &path,
               QString *error) const override {
        gui::DiagramRenderer renderer(topology);
        renderer.setFindings(analyzeTopology(topology));
        const QImage image = renderer.toImage(options.scale);
        if (image.isNull()) {
            if (error)
                *error = QStringLiteral("%1: the image would be too large at scale %2")
                             .arg(path)
                             .arg(options.scale);
            return false;
        }
        // Encoded in memory and written in one go, like the other formats: missing folders are
        // made and a failure leaves no half file behind.
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        if (!writer.write(image)) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(path, writer.errorString());
            return false;
        }
        return Exporters::writeFile(path, buffer.data(), error);
    }
};

const PngExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
