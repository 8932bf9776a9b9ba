#include "mermaidsource.h"

#include <QRegularExpression>

namespace infrastage {

namespace {

// A fence: up to three spaces, then three or more backticks or tildes.
bool fenceAt(const QString &line, QChar *ch, int *length, QString *info) {
    int i = 0;
    while (i < line.size() && i < 4 && line.at(i) == QLatin1Char(' '))
        ++i;
    if (i > 3 || i >= line.size())
        return false;
    const QChar c = line.at(i);
    if (c != QLatin1Char('`') && c != QLatin1Char('~'))
        return false;
    int n = 0;
    while (i + n < line.size() && line.at(i + n) == c)
        ++n;
    if (n < 3)
        return false;
    *ch = c;
    *length = n;
    *info = line.mid(i + n).trimmed();
    return true;
}

bool frontMatterLine(const QString &line) {
    return line.trimmed() == QLatin1String("---");
}

} // namespace

bool MermaidSource::isFlowchart(const QString &type) {
    return type == QLatin1String("graph") || type == QLatin1String("flowchart") ||
           type == QLatin1String("flowchart-elk");
}

bool MermaidSource::isArchitecture(const QString &type) {
    return type == QLatin1String("architecture-beta") || type == QLatin1String("architecture");
}

QString MermaidSource::typeOf(const QStringList &all, int first, int end) const {
    bool frontMatter = false;
    for (int i = first; i < end; ++i) {
        const QString l = all.at(i).trimmed();
        if (i == first && frontMatterLine(l)) {
            frontMatter = true;
            continue;
        }
        if (frontMatter) {
            frontMatter = !frontMatterLine(l);
            continue;
        }
        if (l.isEmpty() || l.startsWith(QLatin1String("%%")))
            continue;
        static const QRegularExpression word(QStringLiteral("^([A-Za-z][A-Za-z0-9-]*)"));
        return word.match(l).captured(1);
    }
    return QString();
}

QList<MermaidSource::Block> MermaidSource::fencedBlocks(const QStringList &all) const {
    QList<Block> blocks;
    for (int i = 0; i < all.size(); ++i) {
        QChar ch;
        int length = 0;
        QString info;
        if (!fenceAt(all.at(i), &ch, &length, &info))
            continue;
        // Find the closing fence: same character, at least as long, nothing after it.
        int end = i + 1;
        for (; end < all.size(); ++end) {
            QChar c2;
            int l2 = 0;
            QString info2;
            if (fenceAt(all.at(end), &c2, &l2, &info2) && c2 == ch && l2 >= length &&
                info2.isEmpty())
                break;
        }
        if (info.section(QLatin1Char(' '), 0, 0).section(QLatin1Char('{'), 0, 0).toLower() ==
            QLatin1String("mermaid"))
            blocks.append({i + 1, end, typeOf(all, i + 1, end)});
        i = end; // a fence inside another block is text, not a block
    }
    return blocks;
}

MermaidSource::MermaidSource(const QString &text) {
    const QStringList all = text.split(QLatin1Char('\n'));
    static const QRegularExpression heading(QStringLiteral(R"(^#\s+(.+)$)"));
    const QList<Block> blocks = fencedBlocks(all);
    int first = 0;
    int end = int(all.size());
    if (!blocks.isEmpty()) {
        int chosen = 0;
        for (int b = 0; b < blocks.size(); ++b) {
            if (isFlowchart(blocks.at(b).type) || isArchitecture(blocks.at(b).type)) {
                chosen = b;
                break;
            }
        }
        first = blocks.at(chosen).first;
        end = blocks.at(chosen).end;
        for (int b = 0; b < blocks.size(); ++b) {
            if (b != chosen)
                m_warnings.append(
                    QStringLiteral("line %1: another Mermaid block ('%2'); only the one at line "
                                   "%3 is imported")
                        .arg(blocks.at(b).first)
                        .arg(blocks.at(b).type.left(40))
                        .arg(first));
        }
        for (int i = 0; i < first && m_title.isEmpty(); ++i) {
            const QRegularExpressionMatch h = heading.match(all.at(i));
            if (h.hasMatch())
                m_title = h.captured(1).trimmed();
        }
    }
    m_type = typeOf(all, first, end);
    m_firstLine = first + 1;
    for (int i = first; i < end; ++i)
        m_lines.append(all.at(i));
    // Front matter at the start of the diagram: the title, then blanked (line numbers stay).
    int start = 0;
    while (start < m_lines.size() && m_lines.at(start).trimmed().isEmpty())
        ++start;
    if (start < m_lines.size() && frontMatterLine(m_lines.at(start))) {
        int close = start + 1;
        while (close < m_lines.size() && !frontMatterLine(m_lines.at(close)))
            ++close;
        if (close < m_lines.size()) {
            for (int i = start; i <= close; ++i) {
                const QString l = m_lines.at(i).trimmed();
                if (l.startsWith(QLatin1String("title:"))) {
                    QString t = l.mid(6).trimmed();
                    if (t.size() >= 2 &&
                        (t.startsWith(QLatin1Char('"')) || t.startsWith(QLatin1Char('\''))) &&
                        t.endsWith(t.at(0)))
                        t = t.mid(1, t.size() - 2);
                    m_title = t;
                }
                m_lines[i].clear();
            }
        }
    }
    m_found = !m_type.isEmpty();
}

} // namespace infrastage
