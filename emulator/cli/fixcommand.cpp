// infrastage-cli fix FILE FIX-ID [--target ID] -o OUT
// The designer's one-click fixes from the command line: applies FIX-ID (emulator/fixes) to the
// first finding that offers it, or to the one naming ID, and writes the result to OUT.
#include "command.h"

#include "analysis/analyzer.h"
#include "fixes/fixes.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <cstdio>

namespace infrastage::cli {

namespace {

constexpr const char *kUsage = "usage: infrastage-cli fix FILE FIX-ID [--target ID] -o OUT\n";

int runFix(const QStringList &args) {
    QString file, fixId, target, out;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-o") && i + 1 < args.size())
            out = args.at(++i);
        else if (a == QLatin1String("--target") && i + 1 < args.size())
            target = args.at(++i);
        else if (!a.startsWith(QLatin1Char('-')) && file.isEmpty())
            file = a;
        else if (!a.startsWith(QLatin1Char('-')) && fixId.isEmpty())
            fixId = a;
        else {
            std::fprintf(stderr, "fix: unexpected argument '%s'\n%s", qPrintable(a), kUsage);
            return ExitBadInput;
        }
    }
    if (file.isEmpty() || fixId.isEmpty() || out.isEmpty()) {
        std::fputs(kUsage, stderr);
        return ExitBadInput;
    }
    if (!availableFixes().contains(fixId)) {
        std::fprintf(stderr, "fix: no fix '%s' (fixes: %s)\n", qPrintable(fixId),
                     qPrintable(availableFixes().join(QStringLiteral(", "))));
        return ExitBadInput;
    }
    TopologyData topology;
    QString error;
    if (!TopologyFile::load(file, &topology, &error)) {
        std::fprintf(stderr, "fix: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    for (const Finding &f : analyzeTopology(topology)) {
        if (f.fixId != fixId || (!target.isEmpty() && !f.nodes.contains(target)))
            continue;
        if (!applyFix(fixId, f, &topology, &error) || !TopologyFile::save(out, topology, &error)) {
            std::fprintf(stderr, "fix: %s\n", qPrintable(error));
            return ExitFindings;
        }
        std::printf("%s: %s (%s)\n", qPrintable(f.rule), qPrintable(fixLabel(fixId)),
                    qPrintable(f.nodes.join(QStringLiteral(", "))));
        return ExitOk;
    }
    std::fprintf(stderr, "fix: no finding of %s offers '%s'%s\n", qPrintable(file),
                 qPrintable(fixId),
                 qPrintable(target.isEmpty() ? QString() : QStringLiteral(" for ") + target));
    return ExitFindings;
}

const CommandRegistration registration({"fix", "fix FILE FIX-ID [--target ID] -o OUT",
                                        "apply one of the designer's automatic fixes (the first "
                                        "finding offering it, or the one naming ID)",
                                        runFix});

} // namespace

} // namespace infrastage::cli
