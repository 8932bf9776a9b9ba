// `infrastage-cli export FILE --format F -o PATH`: diagrams (Mermaid, DOT, draw.io, images)
// and the real engines' configurations (`--format configs -o DIR`).
#include "cli/command.h"

#include "exporter.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QCoreApplication>

#include <cstdio>

namespace infrastage::cli {

namespace {

QString formatList() {
    QStringList names;
    for (const Exporter *e : Exporters::all())
        names.append(e->format());
    return names.join(QStringLiteral(", "));
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
