#include "command.h"

#include "analysis/analyzer.h"
#include "analysis/findingsreport.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QFileInfo>

#include <cstdio>

namespace infrastage::cli {

namespace {

int runCheck(const QStringList &args) {
    QString file;
    QString format = QStringLiteral("text");
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--format") && i + 1 < args.size()) {
            format = args.at(++i);
        } else if (a.startsWith(QLatin1String("--format="))) {
            format = a.mid(9);
        } else if (a.startsWith(QLatin1String("-")) || !file.isEmpty()) {
            std::fprintf(stderr,
                         "check: unexpected argument '%s'\nusage: infrastage-cli check "
                         "FILE [--format text|json|sarif]\n",
                         qPrintable(a));
            return ExitBadInput;
        } else {
            file = a;
        }
    }
    if (file.isEmpty()) {
        std::fprintf(stderr, "usage: infrastage-cli check FILE [--format text|json|sarif]\n");
        return ExitBadInput;
    }
    if (format != QLatin1String("text") && format != QLatin1String("json") &&
        format != QLatin1String("sarif")) {
        std::fprintf(stderr, "check: unknown format '%s' (text, json or sarif)\n",
                     qPrintable(format));
        return ExitBadInput;
    }
    TopologyData topology;
    QString error;
    if (!TopologyFile::load(file, &topology, &error)) {
        std::fprintf(stderr, "check: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    const Findings findings = analyzeTopology(topology);
    QByteArray out;
    if (format == QLatin1String("json"))
        out = FindingsReport::json(findings);
    else if (format == QLatin1String("sarif"))
        out = FindingsReport::sarif(findings, file);
    else
        out = FindingsReport::text(findings, QFileInfo(file).fileName());
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    for (const Finding &f : findings) {
        if (f.severity == Severity::Error)
            return ExitFindings;
    }
    return ExitOk;
}

const CommandRegistration registration({"check", "check FILE [--format text|json|sarif]",
                                        "find single points of failure, security holes and "
                                        "other weaknesses; exit 1 if any is an error",
                                        runCheck});

} // namespace

} // namespace infrastage::cli
