// `infrastage-cli import FILE -o OUT.infra.json [--explain]`: a Mermaid diagram (or Markdown
// holding one) becomes a valid topology; what cannot be understood is reported on stderr, line
// by line, and so is what was filled in with defaults; --explain prints why each node got its
// kind. Exit 0 whenever a design could be made; non-zero only when nothing usable was found.
#include "cli/command.h"

#include "importer.h"
#include "io/topologyfile.h"

#include <QFileInfo>

#include <cstdio>

namespace infrastage::cli {

namespace {

int runImport(const QStringList &args) {
    QString input;
    QString output;
    QString format;
    bool explain = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if ((a == QLatin1String("-o") || a == QLatin1String("--output")) && i + 1 < args.size())
            output = args.at(++i);
        else if (a == QLatin1String("--format") && i + 1 < args.size())
            format = args.at(++i);
        else if (a == QLatin1String("--explain"))
            explain = true;
        else if (!a.startsWith(QLatin1Char('-')) && input.isEmpty())
            input = a;
        else {
            std::fprintf(stderr, "import: unexpected argument '%s'\n", qPrintable(a));
            input.clear();
            break;
        }
    }
    if (input.isEmpty() || output.isEmpty()) {
        std::fprintf(stderr, "usage: infrastage-cli import FILE -o OUT.infra.json "
                             "[--format mermaid] [--explain]\n");
        return ExitBadInput;
    }
    QByteArray bytes;
    QString error;
    if (!Importers::readFile(input, &bytes, &error)) {
        std::fprintf(stderr, "import: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    const Importer *importer =
        format.isEmpty() ? Importers::forFile(input, bytes.left(512)) : Importers::find(format);
    if (!importer) {
        std::fprintf(stderr,
                     "import: %s: no importer reads this file (known: mermaid: .mmd, "
                     ".md with a ```mermaid block)\n",
                     qPrintable(input));
        return ExitBadInput;
    }
    const ImportResult result = importer->import(bytes, QFileInfo(input).fileName());
    for (const QString &w : result.warnings)
        std::fprintf(stderr, "%s: %s\n", qPrintable(input), qPrintable(w));
    for (const QString &f : result.filled)
        std::fprintf(stderr, "%s: filled in: %s\n", qPrintable(input), qPrintable(f));
    if (explain) {
        for (const QString &e : result.explanations)
            std::printf("%s\n", qPrintable(e));
    }
    if (result.topology.nodes().isEmpty()) {
        std::fprintf(stderr, "import: %s: nothing could be imported\n", qPrintable(input));
        return ExitFindings;
    }
    if (!TopologyFile::save(output, result.topology, &error)) {
        std::fprintf(stderr, "import: %s\n", qPrintable(error));
        return ExitFindings;
    }
    std::printf("imported %lld nodes and %lld links from %s into %s (%lld warnings, %lld filled "
                "in)\n",
                qlonglong(result.topology.nodes().size()),
                qlonglong(result.topology.links().size()), qPrintable(input), qPrintable(output),
                qlonglong(result.warnings.size()), qlonglong(result.filled.size()));
    return ExitOk;
}

const CommandRegistration registration({"import", "import FILE -o OUT.infra.json [--explain]",
                                        "read a Mermaid flowchart (.mmd, or Markdown with a "
                                        "```mermaid block) into a topology",
                                        runImport});

} // namespace

} // namespace infrastage::cli
