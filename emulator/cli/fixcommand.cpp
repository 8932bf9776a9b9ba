// infrastage-cli fix FILE FIX-ID [--target ID | --all] -o OUT
// The designer's one-click fixes from the command line: applies FIX-ID (emulator/fixes) to the
// first finding that offers it, to the one naming ID, or (--all) to every finding that offers it,
// and writes the result to OUT.
#include "command.h"

#include "analysis/analyzer.h"
#include "fixes/fixes.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <cstdio>

namespace infrastage::cli {

namespace {

constexpr const char *kUsage =
    "usage: infrastage-cli fix FILE FIX-ID [--target ID | --all] -o OUT\n";

// "rule (node, node)": how check names a finding, and how fix reports the one it fixed.
QString findingKey(const Finding &f) {
    return f.rule + QStringLiteral(" (") + f.nodes.join(QStringLiteral(", ")) + QLatin1Char(')');
}

// The next finding offering `fixId` (naming `target`, if given) that was not fixed already. A
// fix changes the design, so the findings are those of the design as it is now.
const Finding *nextFinding(const QList<Finding> &findings, const QString &fixId,
                           const QString &target, const QStringList &done) {
    for (const Finding &f : findings) {
        if (f.fixId == fixId && (target.isEmpty() || f.nodes.contains(target)) &&
            !done.contains(findingKey(f)))
            return &f;
    }
    return nullptr;
}

int runFix(const QStringList &args) {
    QString file, fixId, target, out;
    bool all = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-o") && i + 1 < args.size())
            out = args.at(++i);
        else if (a == QLatin1String("--target") && i + 1 < args.size())
            target = args.at(++i);
        else if (a == QLatin1String("--all"))
            all = true;
        else if (!a.startsWith(QLatin1Char('-')) && file.isEmpty())
            file = a;
        else if (!a.startsWith(QLatin1Char('-')) && fixId.isEmpty())
            fixId = a;
        else {
            std::fprintf(stderr, "fix: unexpected argument '%s'\n%s", qPrintable(a), kUsage);
            return ExitBadInput;
        }
    }
    if (file.isEmpty() || fixId.isEmpty() || out.isEmpty() || (all && !target.isEmpty())) {
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
    QStringList fixed;
    // Each pass fixes one finding that was not fixed before; the bound only guards against a
    // fix whose result offers it again under a new name without end.
    for (int pass = 0; pass < 1000; ++pass) {
        const QList<Finding> findings = analyzeTopology(topology);
        const Finding *f = nextFinding(findings, fixId, target, fixed);
        if (!f)
            break;
        if (!applyFix(fixId, *f, &topology, &error)) {
            std::fprintf(stderr, "fix: %s: %s\n", qPrintable(findingKey(*f)), qPrintable(error));
            return ExitFindings;
        }
        fixed.append(findingKey(*f));
        std::printf("%s: %s (%s)\n", qPrintable(f->rule), qPrintable(fixLabel(fixId)),
                    qPrintable(f->nodes.join(QStringLiteral(", "))));
        if (!all)
            break;
    }
    if (!fixed.isEmpty()) {
        if (!TopologyFile::save(out, topology, &error)) {
            std::fprintf(stderr, "fix: %s\n", qPrintable(error));
            return ExitFindings;
        }
        return ExitOk;
    }
    std::fprintf(stderr, "fix: no finding of %s offers '%s'%s\n", qPrintable(file),
                 qPrintable(fixId),
                 qPrintable(target.isEmpty() ? QString() : QStringLiteral(" for ") + target));
    return ExitFindings;
}

const CommandRegistration registration({"fix", "fix FILE FIX-ID [--target ID | --all] -o OUT",
                                        "apply one of the designer's automatic fixes (the first "
                                        "finding offering it, the one naming ID, or every one)",
                                        runFix});

} // namespace

} // namespace infrastage::cli
