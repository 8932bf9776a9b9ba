// infrastage-render: the image exports (PNG, SVG, PDF) need the canvas, hence a QApplication;
// infrastage-cli stays a Qt Core program and hands those formats to this helper.
//   infrastage-render FILE FORMAT OUT [--scale S]
#include "exporter.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char **argv) {
    // Headless unless told otherwise: an export never needs a window.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() != 3 && !(args.size() == 5 && args.at(3) == QLatin1String("--scale"))) {
        std::fprintf(stderr, "usage: infrastage-render FILE FORMAT OUT [--scale S]\n");
        return 2;
    }
    using namespace infrastage;
    const Exporter *exporter = Exporters::find(args.at(1));
    if (!exporter) {
        std::fprintf(stderr, "export: unknown format '%s'\n", qPrintable(args.at(1)));
        return 2;
    }
    ExportOptions options;
    if (args.size() == 5) {
        bool ok = false;
        options.scale = args.at(4).toDouble(&ok);
        if (!ok || options.scale <= 0 || options.scale > 16) {
            std::fprintf(stderr, "export: --scale wants a number above 0 and at most 16\n");
            return 2;
        }
    }
    TopologyData topology;
    QString error;
    if (!TopologyFile::load(args.at(0), &topology, &error)) {
        std::fprintf(stderr, "export: %s\n", qPrintable(error));
        return 2;
    }
    if (!exporter->write(topology, options, args.at(2), &error)) {
        std::fprintf(stderr, "export: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
