// `infrastage-cli export FILE --format F -o PATH`: diagrams (Mermaid, DOT, draw.io, images)
// and the real engines' configurations (`--format configs -o DIR`).
#include "cli/command.h"

#include "exporter.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <cstdio>

namespace infrastage::cli {

namespace {

// Formats drawn by the canvas: infrastage-render (a QApplication) writes them.
const QStringList &renderedFormats() {
    static const QStringList formats = {QStringLiteral("png"), QStringLiteral("svg"),
                                        QStringLiteral("pdf")};
    return formats;
}

QString formatList() {
    QStringList names = renderedFormats();
    for (const Exporter *e : Exporters::all())
        names.append(e->format());
    names.sort();
    return names.join(QStringLiteral(", "));
}

int runRenderer(const QString &input, const QString &format, const QString &output,
                const ExportOptions &options) {
    const QString helper =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("infrastage-render"));
    if (!QFileInfo(helper).isExecutable()) {
        std::fprintf(stderr,
                     "export: %s images are drawn by infrastage-render, which is not installed "
                     "beside infrastage-cli (%s)\n",
                     qPrintable(format), qPrintable(helper));
        return ExitFindings;
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    QStringList args = {input, format, output};
    if (options.scale != 1.0)
        args << QStringLiteral("--scale") << QString::number(options.scale);
    p.start(helper, args);
    if (!p.waitForStarted() || !p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit) {
        std::fprintf(stderr, "export: infrastage-render failed: %s\n", qPrintable(p.errorString()));
        return ExitFindings;
    }
    if (p.exitCode() == ExitOk)
        std::printf("exported %s as %s to %s\n", qPrintable(input), qPrintable(format),
                    qPrintable(output));
    return p.exitCode();
}

int usageError(const char *why) {
    std::fprintf(stderr,
                 "export: %s\nusage: infrastage-cli export FILE --format F -o PATH [--scale S]\n"
                 "formats: %s\n",
                 why, qPrintable(formatList()));
    return ExitBadInput;
}

int runExport(const QStringList &args) {
    QString input, output, format;
    ExportOptions options;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if ((a == QLatin1String("-o") || a == QLatin1String("--output")) && hasValue)
            output = args.at(++i);
        else if ((a == QLatin1String("--format") || a == QLatin1String("-f")) && hasValue)
            format = args.at(++i);
        else if (a == QLatin1String("--scale") && hasValue) {
            bool ok = false;
            options.scale = args.at(++i).toDouble(&ok);
            if (!ok || options.scale <= 0 || options.scale > 16)
                return usageError("--scale wants a number above 0 and at most 16");
        } else if (a == QLatin1String("--list")) {
            std::printf(
                "png        PNG image of the canvas (--scale)\nsvg        SVG drawing of the "
                "canvas (vector)\npdf        PDF page of the canvas (vector)\n");
            for (const Exporter *e : Exporters::all())
                std::printf("%-10s %s\n", qPrintable(e->format()), qPrintable(e->summary()));
            return ExitOk;
        } else if (!a.startsWith(QLatin1Char('-')) && input.isEmpty())
            input = a;
        else
            return usageError(qPrintable(QStringLiteral("unexpected argument '%1'").arg(a)));
    }
    if (input.isEmpty() || output.isEmpty())
        return usageError("FILE and -o PATH are needed");
    const QString suffix = QFileInfo(output).suffix().toLower();
    if (renderedFormats().contains(format.toLower()) ||
        (format.isEmpty() && renderedFormats().contains(suffix)))
        return runRenderer(input, format.isEmpty() ? suffix : format.toLower(), output, options);
    const Exporter *exporter =
        format.isEmpty() ? Exporters::forPath(output) : Exporters::find(format);
    if (!exporter)
        return usageError(format.isEmpty()
                              ? "cannot tell the format from the output's name; give --format"
                              : qPrintable(QStringLiteral("unknown format '%1'").arg(format)));
    if (exporter->needsGui() && !QCoreApplication::instance()->inherits("QGuiApplication")) {
        std::fprintf(stderr,
                     "export: the %s format needs the graphical libraries, which this "
                     "build of infrastage-cli lacks\n",
                     qPrintable(exporter->format()));
        return ExitFindings;
    }
    TopologyData topology;
    QString error;
    if (!TopologyFile::load(input, &topology, &error)) {
        std::fprintf(stderr, "export: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    if (!exporter->write(topology, options, output, &error)) {
        std::fprintf(stderr, "export: %s\n", qPrintable(error));
        return ExitFindings;
    }
    std::printf("exported %s as %s to %s\n", qPrintable(input), qPrintable(exporter->format()),
                qPrintable(output));
    return ExitOk;
}

const CommandRegistration registration(
    {"export", "export FILE --format F -o PATH [--scale S]",
     "write a diagram (mermaid, dot, drawio, png, svg, pdf) or the real engines' configurations "
     "(configs: a directory); --list shows the formats",
     runExport});

} // namespace

} // namespace infrastage::cli
