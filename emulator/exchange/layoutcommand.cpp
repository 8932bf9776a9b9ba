// `infrastage-cli layout FILE... [-o OUT] [--check]`: lays designs out with the designer's own
// box sizes (TidyLayout), in place or into OUT; with --check changes nothing and lists the
// boxes that overlap, the link labels lying on boxes and the names cut short, exiting 1 when
// there is any, so a folder of imported answers or a course's examples can be kept clean in CI.
#include "cli/command.h"

#include "io/topologyfile.h"
#include "model/layoutcheck.h"
#include "tidylayout.h"

#include <cstdio>

namespace infrastage::cli {

namespace {

const char *problemTag(LayoutProblemKind kind) {
    switch (kind) {
    case LayoutProblemKind::BoxesOverlap:
        return "overlap";
    case LayoutProblemKind::LabelOverBox:
        return "label-over-box";
    case LayoutProblemKind::NameCut:
        return "name-cut";
    case LayoutProblemKind::LinkOverBox:
        return "link-over-box";
    }
    return "problem";
}

// Prints the problems of `data`; returns how many there are.
qsizetype report(const QString &path, const TopologyData &data) {
    const QList<LayoutProblem> problems = LayoutCheck::run(data);
    for (const LayoutProblem &p : problems)
        std::printf("%s: %s: %s\n", qPrintable(path), problemTag(p.kind), qPrintable(p.text));
    return problems.size();
}

int runLayout(const QStringList &args) {
    QStringList inputs;
    QString output;
    bool check = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if ((a == QLatin1String("-o") || a == QLatin1String("--output")) && i + 1 < args.size())
            output = args.at(++i);
        else if (a == QLatin1String("--check"))
            check = true;
        else if (!a.startsWith(QLatin1Char('-')))
            inputs.append(a);
        else {
            std::fprintf(stderr, "layout: unexpected argument '%s'\n", qPrintable(a));
            return ExitBadInput;
        }
    }
    if (inputs.isEmpty() || (!output.isEmpty() && (inputs.size() > 1 || check))) {
        std::fprintf(stderr, "usage: infrastage-cli layout FILE [-o OUT]\n"
                             "       infrastage-cli layout FILE... [--check]\n");
        return ExitBadInput;
    }
    int exit = ExitOk;
    for (const QString &input : std::as_const(inputs)) {
        TopologyData data;
        QString error;
        if (!TopologyFile::load(input, &data, &error)) {
            std::fprintf(stderr, "layout: %s\n", qPrintable(error));
            return ExitBadInput;
        }
        if (check) {
            if (report(input, data) > 0)
                exit = ExitFindings;
            continue;
        }
        const QString target = output.isEmpty() ? input : output;
        if (!TidyLayout::apply(&data, &error) || !TopologyFile::save(target, data, &error)) {
            std::fprintf(stderr, "layout: %s: %s\n", qPrintable(input), qPrintable(error));
            return ExitFindings;
        }
        // What even the tidy layout could not fix (a name too long for any box) is said.
        if (report(target, data) > 0)
            exit = ExitFindings;
        else
            std::printf("laid out %s\n", qPrintable(target));
    }
    return exit;
}

const CommandRegistration registration(
    {"layout", "layout FILE... [-o OUT] [--check]",
     "lay designs out with the designer's box sizes (in place, or into OUT); --check only lists "
     "overlapping boxes, labels over boxes and cut names, and exits 1 when there are any",
     runLayout});

} // namespace

} // namespace infrastage::cli
