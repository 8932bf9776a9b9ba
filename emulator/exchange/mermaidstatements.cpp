#include "mermaidstatements.h"

namespace infrastage {

bool MermaidStatements::quoteClosesSoon(const QStringList &lines, int from) {
    for (int i = from; i < lines.size() && i < from + kMaxQuotedLines; ++i) {
        if (lines.at(i).size() <= kMaxLineLength && lines.at(i).contains(QLatin1Char('"')))
            return true;
    }
    return false;
}

QList<MermaidStatement> MermaidStatements::split(const QStringList &lines, int firstLine,
                                                 QStringList *warnings) {
    QList<MermaidStatement> out;
    QString current;
    int currentLine = 0;
    bool quoted = false;
    int depth = 0;
    bool inAccDescr = false;
    auto flush = [&] {
        const QString t = current.trimmed();
        if (!t.isEmpty())
            out.append({t, currentLine});
        current.clear();
        depth = 0;
        quoted = false;
    };
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = firstLine + i;
        const QString &raw = lines.at(i);
        if (raw.size() > kMaxLineLength) {
            if (warnings)
                warnings->append(QStringLiteral("line %1: longer than %2 characters; skipped")
                                     .arg(lineNo)
                                     .arg(kMaxLineLength));
            flush();
            continue;
        }
        const QString line = quoted ? raw : raw.trimmed();
        if (inAccDescr) {
            inAccDescr = !line.contains(QLatin1Char('}'));
            continue;
        }
        if (!quoted) {
            if (line.isEmpty() || line.startsWith(QLatin1String("%%")))
                continue;
            if (line.startsWith(QLatin1String("accDescr")) && line.contains(QLatin1Char('{')) &&
                !line.contains(QLatin1Char('}'))) {
                inAccDescr = true;
                continue;
            }
            currentLine = lineNo;
        }
        for (int c = 0; c < line.size(); ++c) {
            const QChar ch = line.at(c);
            if (ch == QLatin1Char('"')) {
                quoted = !quoted;
            } else if (!quoted && (ch == QLatin1Char('[') || ch == QLatin1Char('(') ||
                                   ch == QLatin1Char('{'))) {
                ++depth;
            } else if (!quoted && (ch == QLatin1Char(']') || ch == QLatin1Char(')') ||
                                   ch == QLatin1Char('}'))) {
                depth = qMax(0, depth - 1);
            } else if (!quoted && depth == 0 && ch == QLatin1Char(';')) {
                flush();
                currentLine = lineNo;
                continue;
            }
            current += ch;
        }
        // A quoted label goes on to the next line when its quote closes there; anything else
        // ends with the line (an unclosed bracket is reported by the parser).
        if (quoted && quoteClosesSoon(lines, i + 1)) {
            current += QLatin1Char('\n');
            continue;
        }
        flush();
    }
    flush();
    return out;
}

} // namespace infrastage
