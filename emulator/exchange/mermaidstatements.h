#pragma once

#include <QList>
#include <QStringList>

namespace infrastage {

// One statement of a Mermaid diagram and the file line it starts on.
struct MermaidStatement {
    QString text;
    int line = 0;
};

// Cuts the lines of a diagram into statements as Mermaid's lexer does: a statement ends at a
// newline or a ';' outside quotes and brackets; a quoted label may span lines (up to
// kMaxQuotedLines, so that a quote left open does not swallow the file); "%%" comment lines,
// directives and multi-line accDescr blocks are skipped. Lines longer than kMaxLineLength are
// skipped with a warning.
class MermaidStatements final {
public:
    static constexpr int kMaxLineLength = 20000;
    static constexpr int kMaxQuotedLines = 12;

    static QList<MermaidStatement> split(const QStringList &lines, int firstLine,
                                         QStringList *warnings);

private:
    static bool quoteClosesSoon(const QStringList &lines, int from);
};

} // namespace infrastage
