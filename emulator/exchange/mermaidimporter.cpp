// The Mermaid importer: .mmd files and Markdown files holding a ```mermaid flowchart or
// architecture-beta diagram.
#include "importer.h"
#include "mermaidinterpreter.h"
#include "mermaidparser.h"
#include "tidylayout.h"

#include <QFileInfo>

namespace infrastage {

namespace {

class MermaidImporter final : public Importer {
public:
    QString format() const override { return QStringLiteral("mermaid"); }

    bool accepts(const QString &path, const QByteArray &head) const override {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == QLatin1String("mmd") || suffix == QLatin1String("mermaid"))
            return true;
        if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
            return true; // the block is looked for when reading; none found is a warning
        const QByteArray start = head.trimmed().left(16);
        return start.startsWith("graph") || start.startsWith("flowchart") ||
               start.startsWith("architecture");
    }

    ImportResult import(const QByteArray &bytes, const QString &sourceName) const override {
        MermaidParser parser;
        const MermaidGraph graph = parser.parse(QString::fromUtf8(bytes));
        ImportResult result = MermaidInterpreter().interpret(graph, sourceName);
        // Laid out as the designer's Tidy Layout would; the interpreter's rank grid stays if
        // Graphviz fails.
        QString error;
        if (!result.topology.nodes().isEmpty() && !TidyLayout::apply(&result.topology, &error))
            result.warnings.append(QStringLiteral("layout: %1").arg(error));
        return result;
    }
};

const MermaidImporter instance;
const ImporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
