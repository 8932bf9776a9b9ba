// Fuzz target for the Mermaid importer: MermaidParser (flowcharts), MermaidArchitectureParser,
// MermaidInterpreter and DesignCompletion.
// Built two ways:
//  - with clang and -DINFRASTAGE_LIBFUZZER=ON: a libFuzzer binary (see CMakeLists.txt);
//  - otherwise: a standalone driver that replays every file of the corpus folders given and,
//    with --mutate N, N random mutations of each (Mermaid's own tokens spliced in), so the
//    target also runs in the normal test suite.
// Beyond "never crash or hang", it checks the importer's promise: whatever it returns with at
// least one node is a design the validator accepts, and every warning names a line.
#include "importer.h"
#include "model/validator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace infrastage;

namespace {

void check(bool ok, const char *what, const QString &detail = QString()) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_mermaidimport: property violated: %s %s\n", what,
                     qPrintable(detail));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const Importer *mermaid = Importers::find(QStringLiteral("mermaid"));
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ImportResult r = mermaid->import(bytes, QStringLiteral("fuzz.mmd"));
    if (!r.topology.nodes().isEmpty()) {
        for (const ValidationIssue &i : validateTopology(r.topology))
            check(!i.structural, "an import with nodes is a valid design:", i.toString());
    }
    for (const QString &w : r.warnings)
        check(w.startsWith(QLatin1String("line ")) || w.contains(QLatin1String("removed")) ||
                  w.startsWith(QLatin1String("node ")) || w.startsWith(QLatin1String("link ")),
              "a warning says where:", w);
    return 0;
}

#ifndef INFRASTAGE_LIBFUZZER
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>

int main(int argc, char **argv) {
    QStringList dirs;
    int mutations = 0;
    for (int i = 1; i < argc; ++i) {
        if (QByteArray(argv[i]) == "--mutate" && i + 1 < argc)
            mutations = std::atoi(argv[++i]);
        else
            dirs.append(QString::fromLocal8Bit(argv[i]));
    }
    QList<QByteArray> inputs;
    for (const QString &d : std::as_const(dirs)) {
        const QDir dir(d);
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                return 2;
            inputs.append(f.readAll());
        }
    }
    if (inputs.isEmpty()) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR... [--mutate N]\n", argv[0]);
        return 2;
    }
    // Pieces of Mermaid's grammar, so that mutations make near-miss syntax, not only noise.
    static const char *const kTokens[] = {"-->",
                                          "---",
                                          "<-->",
                                          "-.->",
                                          "==>",
                                          "~~~",
                                          "--\"",
                                          "\"-->",
                                          "-- x -->",
                                          "|t|",
                                          "[",
                                          "]",
                                          "((",
                                          "))",
                                          "[(",
                                          ")]",
                                          "{{",
                                          "}}",
                                          "([",
                                          "])",
                                          ">",
                                          "\"",
                                          "`",
                                          "&",
                                          ":::c",
                                          "@{ shape: cyl }",
                                          "<br>",
                                          "\n",
                                          ";",
                                          "subgraph S[\"T\"]\n",
                                          "\nend\n",
                                          "%% c\n",
                                          "```",
                                          "````mermaid\n",
                                          "graph TD\n",
                                          "architecture-beta\n",
                                          "service a(db)[A] in g\n",
                                          "group g(cloud)[G]\n",
                                          "a:R --> L:b\n",
                                          "fa:fa-database ",
                                          "IP: 10.0.0.1",
                                          "VIP ",
                                          "SSL",
                                          "\xF0\x9F\x9B\xA1",
                                          "\xE2\x9A\xA0\xEF\xB8\x8F"};
    QRandomGenerator rng(20261202);
    long runs = 0;
    for (const QByteArray &input : std::as_const(inputs)) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                               size_t(input.size()));
        ++runs;
        for (int m = 0; m < mutations; ++m) {
            QByteArray x = input;
            const int edits = 1 + int(rng.bounded(6));
            for (int e = 0; e < edits; ++e) {
                const int pos = x.isEmpty() ? 0 : int(rng.bounded(int(x.size())));
                switch (rng.bounded(5)) {
                case 0:
                    if (!x.isEmpty())
                        x[pos] = char(rng.bounded(256));
                    break;
                case 1:
                    x.remove(pos, 1 + int(rng.bounded(12)));
                    break;
                case 2:
                    if (!x.isEmpty())
                        x.insert(pos,
                                 x.mid(int(rng.bounded(int(x.size()))), 1 + int(rng.bounded(40))));
                    break;
                default:
                    x.insert(pos, kTokens[rng.bounded(int(std::size(kTokens)))]);
                    break;
                }
            }
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(x.constData()),
                                   size_t(x.size()));
            ++runs;
        }
    }
    std::printf("fuzz_mermaidimport: %ld inputs, no property violated\n", runs);
    return 0;
}
#endif
