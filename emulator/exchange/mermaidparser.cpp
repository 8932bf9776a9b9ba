#include "mermaidparser.h"

#include <QRegularExpression>

namespace infrastage {

int MermaidGraph::nodeIndex(const QString &id) const {
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes.at(i).id == id)
            return i;
    }
    return -1;
}

int MermaidGraph::subgraphIndex(const QString &id) const {
    for (int i = 0; i < subgraphs.size(); ++i) {
        if (subgraphs.at(i).id == id)
            return i;
    }
    return -1;
}

namespace {

struct Shape {
    const char *open;
    const char *close;
    const char *name;
};

// Longest openers first, so "[(" is not read as "[" followed by "(".
const Shape kShapes[] = {
    {"(((", ")))", "circle"},      {"([", "])", "stadium"},
    {"[[", "]]", "subroutine"},    {"[(", ")]", "cylinder"},
    {"((", "))", "circle"},        {"{{", "}}", "hexagon"},
    {"[/", "/]", "parallelogram"}, {"[\\", "\\]", "parallelogram"},
    {"[/", "\\]", "trapezoid"},    {"[", "]", "rect"},
    {"(", ")", "round"},           {"{", "}", "rhombus"},
    {">", "]", "asymmetric"},
};

// Statement keywords whose lines only style the drawing.
const char *const kIgnored[] = {"style",    "classDef", "class",     "linkStyle", "click",
                                "accTitle", "accDescr", "direction", "callback",  "href"};

bool isIdChar(QChar c) {
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c.unicode() > 0x7f;
}

QString stripQuotes(QString s) {
    s = s.trimmed();
    if (s.size() >= 2 && s.startsWith(QLatin1Char('"')) && s.endsWith(QLatin1Char('"')))
        s = s.mid(1, s.size() - 2);
    if (s.size() >= 2 && s.startsWith(QLatin1Char('`')) && s.endsWith(QLatin1Char('`')))
        s = s.mid(1, s.size() - 2);
    return s;
}

// Splits a line on ';' outside quotes and brackets.
QStringList splitStatements(const QString &line) {
    QStringList out;
    int depth = 0;
    bool quoted = false;
    int start = 0;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted &&
                 (c == QLatin1Char('[') || c == QLatin1Char('(') || c == QLatin1Char('{')))
            ++depth;
        else if (!quoted && depth > 0 &&
                 (c == QLatin1Char(']') || c == QLatin1Char(')') || c == QLatin1Char('}')))
            --depth;
        else if (!quoted && depth == 0 && c == QLatin1Char(';')) {
            out.append(line.mid(start, i - start));
            start = i + 1;
        }
    }
    out.append(line.mid(start));
    return out;
}

} // namespace

QString MermaidParser::cleanLabel(const QString &raw) {
    static const QRegularExpression br(QStringLiteral(R"(<br\s*/?>)"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression numeric(QStringLiteral("[&#]#?(\\d+);"));
    QString s = stripQuotes(raw);
    s.replace(br, QStringLiteral("\n"));
    s.replace(tag, QString());
    s.replace(QLatin1String("\\n"), QLatin1String("\n"));
    s.replace(QLatin1String("#quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&lt;"), QLatin1String("<"));
    s.replace(QLatin1String("&gt;"), QLatin1String(">"));
    s.replace(QLatin1String("&nbsp;"), QLatin1String(" "));
    s.replace(QLatin1String("&amp;"), QLatin1String("&"));
    QRegularExpressionMatch m;
    int from = 0;
    while ((m = numeric.match(s, from)).hasMatch()) {
        const char32_t code = m.captured(1).toUInt();
        const QString ch = code > 0 && code < 0x110000 ? QString::fromUcs4(&code, 1) : QString();
        s.replace(m.capturedStart(), m.capturedLength(), ch);
        from = int(m.capturedStart() + ch.size());
    }
    QStringList lines = s.split(QLatin1Char('\n'));
    for (QString &l : lines)
        l = l.simplified();
    lines.removeAll(QString());
    return lines.join(QLatin1Char('\n'));
}

void MermaidParser::warn(int line, const QString &what) {
    if (m_graph.warnings.size() < 200)
        m_graph.warnings.append(QStringLiteral("line %1: %2").arg(line).arg(what));
    else if (m_graph.warnings.size() == 200)
        m_graph.warnings.append(
            QStringLiteral("line %1: too many warnings; the rest are not shown").arg(line));
}

MermaidGraph MermaidParser::parse(const QString &text) {
    m_graph = MermaidGraph();
    m_nodeIndex.clear();
    m_memberOf.clear();
    m_open.clear();
    m_headerSeen = false;
    m_stop = false;
    m_nodeLimitWarned = false;
    m_edgeLimitWarned = false;

    const QStringList lines = text.split(QLatin1Char('\n'));
    // Markdown: read the first ```mermaid block that is a flowchart.
    int first = 0;
    int last = int(lines.size());
    static const QRegularExpression fence(QStringLiteral(R"(^\s*(```|~~~)\s*mermaid\b)"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression flow(QStringLiteral(R"(^\s*(graph|flowchart)\b)"));
    static const QRegularExpression heading(QStringLiteral(R"(^#\s+(.+)$)"));
    for (int i = 0; i < lines.size(); ++i) {
        if (m_graph.title.isEmpty()) {
            const QRegularExpressionMatch h = heading.match(lines.at(i));
            if (h.hasMatch())
                m_graph.title = h.captured(1).trimmed();
        }
        if (!fence.match(lines.at(i)).hasMatch())
            continue;
        int end = i + 1;
        while (end < lines.size() && !lines.at(end).trimmed().startsWith(QLatin1String("```")) &&
               !lines.at(end).trimmed().startsWith(QLatin1String("~~~")))
            ++end;
        bool isFlow = false;
        for (int j = i + 1; j < end && !isFlow; ++j)
            isFlow = flow.match(lines.at(j)).hasMatch();
        if (first == 0 || isFlow) {
            first = i + 1;
            last = end;
        }
        if (isFlow)
            break;
        i = end;
    }

    bool fenced = first > 0;
    bool frontMatter = false;
    for (int i = first; i < last && !m_stop; ++i) {
        const int lineNo = i + 1;
        QString line = lines.at(i);
        if (line.size() > kMaxLineLength) {
            warn(lineNo, QStringLiteral("longer than %1 characters; skipped").arg(kMaxLineLength));
            continue;
        }
        line = line.trimmed();
        if (!m_headerSeen && line == QLatin1String("---")) {
            frontMatter = !frontMatter;
            continue;
        }
        if (frontMatter) {
            if (line.startsWith(QLatin1String("title:")))
                m_graph.title = stripQuotes(line.mid(6));
            continue;
        }
        if (line.isEmpty() || line.startsWith(QLatin1String("%%")))
            continue;
        if (!fenced && !m_headerSeen && line.startsWith(QLatin1Char('#'))) {
            m_graph.warnings.append(
                QStringLiteral("line %1: Markdown without a ```mermaid block: no Mermaid diagram "
                               "found")
                    .arg(lineNo));
            m_stop = true;
            break;
        }
        for (const QString &statement : splitStatements(line)) {
            if (!statement.trimmed().isEmpty() && !m_stop)
                parseStatement(statement.trimmed(), lineNo);
        }
    }
    if (!m_open.isEmpty())
        warn(last, QStringLiteral("subgraph '%1' has no 'end'").arg(m_open.last()));
    if (!m_headerSeen && !m_stop)
        m_graph.warnings.prepend(
            QStringLiteral("line %1: no Mermaid diagram found").arg(first + 1));
    return m_graph;
}

bool MermaidParser::parseHeader(const QString &statement, int line) {
    static const QRegularExpression header(
        QStringLiteral(R"(^(graph|flowchart|flowchart-elk)(?:\s+(TD|TB|LR|RL|BT))?\s*(.*)$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = header.match(statement);
    m_headerSeen = true;
    if (!m.hasMatch()) {
        const QString type = statement.section(QLatin1Char(' '), 0, 0).left(60);
        warn(line,
             QStringLiteral("'%1' diagrams cannot be imported; only graph/flowchart").arg(type));
        m_stop = true;
        return false;
    }
    m_graph.flowchart = true;
    if (!m.captured(2).isEmpty())
        m_graph.direction = m.captured(2).toUpper();
    if (!m.captured(3).trimmed().isEmpty())
        parseStatement(m.captured(3).trimmed(), line);
    return true;
}

void MermaidParser::parseStatement(const QString &statement, int line) {
    if (!m_headerSeen) {
        parseHeader(statement, line);
        return;
    }
    const QString word = statement.section(QLatin1Char(' '), 0, 0);
    for (const char *kw : kIgnored) {
        if (word == QLatin1String(kw) || word.startsWith(QLatin1String(kw) + QLatin1Char(':')))
            return;
    }
    if (word == QLatin1String("subgraph")) {
        static const QRegularExpression idTitle(QStringLiteral(R"(^([^\s\[\]"]+)\s*\[(.*)\]\s*$)"));
        const QString rest = statement.mid(8).trimmed();
        MermaidSubgraph sg;
        const QRegularExpressionMatch m = idTitle.match(rest);
        if (m.hasMatch()) {
            sg.id = m.captured(1);
            sg.title = cleanLabel(m.captured(2));
        } else {
            sg.title = cleanLabel(rest);
            sg.id = stripQuotes(rest);
        }
        if (sg.id.isEmpty())
            sg.id = QStringLiteral("subgraph-%1").arg(m_graph.subgraphs.size() + 1);
        sg.parent = m_open.isEmpty() ? QString() : m_open.last();
        sg.line = line;
        m_open.append(sg.id);
        m_graph.subgraphs.append(sg);
        return;
    }
    if (statement == QLatin1String("end")) {
        if (m_open.isEmpty())
            warn(line, QStringLiteral("'end' without a subgraph; ignored"));
        else
            m_open.removeLast();
        return;
    }
    parseChain(statement, line);
}

void MermaidParser::mention(const QString &id, int line) {
    if (!m_nodeIndex.contains(id)) {
        if (m_graph.nodes.size() >= kMaxNodes) {
            if (!m_nodeLimitWarned)
                warn(line,
                     QStringLiteral("more than %1 nodes; the rest are ignored").arg(kMaxNodes));
            m_nodeLimitWarned = true;
            return;
        }
        MermaidNode n;
        n.id = id;
        n.label = id;
        n.line = line;
        m_nodeIndex.insert(id, int(m_graph.nodes.size()));
        m_graph.nodes.append(n);
    }
    if (!m_open.isEmpty() && !m_memberOf.contains(id) && !m_open.contains(id)) {
        m_memberOf.insert(id, m_open.last());
        m_graph.subgraphs[m_graph.subgraphIndex(m_open.last())].members.append(id);
    }
}

bool MermaidParser::parseNode(const QString &s, int *pos, int line, QString *id) {
    int p = *pos;
    while (p < s.size() && s.at(p).isSpace())
        ++p;
    const int start = p;
    while (p < s.size()) {
        const QChar c = s.at(p);
        const bool joiner = (c == QLatin1Char('-') || c == QLatin1Char('.')) && p + 1 < s.size() &&
                            isIdChar(s.at(p + 1)) && p > start;
        if (!isIdChar(c) && !joiner)
            break;
        ++p;
    }
    if (p == start)
        return false;
    *id = s.mid(start, p - start);
    mention(*id, line);
    static const QRegularExpression cls(QStringLiteral(R"(:::[\w-]+)"));
    auto skipClass = [&] {
        const QRegularExpressionMatch m = cls.match(s, p, QRegularExpression::NormalMatch,
                                                    QRegularExpression::AnchorAtOffsetMatchOption);
        if (m.hasMatch())
            p = int(m.capturedEnd());
    };
    skipClass();
    for (const Shape &shape : kShapes) {
        const QLatin1String open(shape.open);
        if (!QStringView(s).mid(p).startsWith(open))
            continue;
        int textStart = p + int(open.size());
        int closeAt = -1;
        if (textStart < s.size() && s.at(textStart) == QLatin1Char('"')) {
            const int q = int(s.indexOf(QLatin1Char('"'), textStart + 1));
            if (q >= 0 && QStringView(s).mid(q + 1).startsWith(QLatin1String(shape.close)))
                closeAt = q + 1;
        }
        if (closeAt < 0)
            closeAt = int(s.indexOf(QLatin1String(shape.close), textStart));
        if (closeAt < 0)
            continue; // maybe a shorter opener fits; if none does, reported below
        // "A[Load balancer --> B[Nginx]": the first bracket was never closed.
        const int nested = s.at(textStart) == QLatin1Char('"')
                               ? -1
                               : int(s.indexOf(QLatin1Char(shape.open[0]), textStart));
        if (nested >= 0 && nested < closeAt) {
            warn(line, QStringLiteral("unbalanced '%1' after node '%2'; the rest of the statement "
                                      "is ignored")
                           .arg(QLatin1Char(shape.open[0]))
                           .arg(*id));
            const int i = m_nodeIndex.value(*id, -1);
            if (i >= 0) {
                m_graph.nodes[i].label = cleanLabel(s.mid(textStart, nested - textStart));
                m_graph.nodes[i].labelled = true;
            }
            *pos = int(s.size());
            return true;
        }
        const int i = m_nodeIndex.value(*id, -1);
        if (i >= 0) {
            MermaidNode &n = m_graph.nodes[i];
            n.label = cleanLabel(s.mid(textStart, closeAt - textStart));
            n.shape = QString::fromLatin1(shape.name);
            n.labelled = true;
        }
        p = closeAt + int(qstrlen(shape.close));
        skipClass();
        *pos = p;
        return true;
    }
    if (p < s.size() && QStringLiteral("[({>").contains(s.at(p))) {
        warn(line, QStringLiteral("unbalanced '%1' after node '%2'; the rest of the statement is "
                                  "ignored")
                       .arg(s.at(p))
                       .arg(*id));
        *pos = int(s.size());
        return true;
    }
    *pos = p;
    return true;
}

bool MermaidParser::parseNodeGroup(const QString &s, int *pos, int line, QStringList *ids) {
    QString id;
    if (!parseNode(s, pos, line, &id))
        return false;
    ids->append(id);
    for (;;) {
        int p = *pos;
        while (p < s.size() && s.at(p).isSpace())
            ++p;
        if (p >= s.size() || s.at(p) != QLatin1Char('&'))
            return true;
        *pos = p + 1;
        if (!parseNode(s, pos, line, &id))
            return false;
        ids->append(id);
    }
}

bool MermaidParser::parseArrow(const QString &s, int *pos, QString *label) {
    // "-- text -->", "== text ==>", "-. text .->": the text between the two halves is the label.
    static const QRegularExpression textArrow(QStringLiteral(
        R"(\s*<?(--|==|-\.)\s+(.*?)\s*(--+>|---+|==+>|===+|\.-+>|\.-+|--[ox](?=\s)|==[ox](?=\s)))"));
    static const QRegularExpression arrow(
        QStringLiteral(R"(\s*[<ox]?(-{2,}>?|={2,}>?|-\.+->?|~{3,})(?:[ox](?=\s))?)"));
    static const QRegularExpression pipe(QStringLiteral(R"(\s*\|([^|]*)\|)"));
    const auto anchored = QRegularExpression::AnchorAtOffsetMatchOption;
    QRegularExpressionMatch m = arrow.match(s, *pos, QRegularExpression::NormalMatch, anchored);
    const QRegularExpressionMatch t =
        textArrow.match(s, *pos, QRegularExpression::NormalMatch, anchored);
    if (t.hasMatch() && !t.captured(2).isEmpty() && !t.captured(2).startsWith(QLatin1Char('|'))) {
        *label = cleanLabel(t.captured(2));
        *pos = int(t.capturedEnd());
        return true;
    }
    if (!m.hasMatch())
        return false;
    *pos = int(m.capturedEnd());
    const QRegularExpressionMatch pm =
        pipe.match(s, *pos, QRegularExpression::NormalMatch, anchored);
    if (pm.hasMatch()) {
        *label = cleanLabel(pm.captured(1));
        *pos = int(pm.capturedEnd());
    }
    return true;
}

void MermaidParser::parseChain(const QString &s, int line) {
    int pos = 0;
    QStringList left;
    if (!parseNodeGroup(s, &pos, line, &left)) {
        warn(line, QStringLiteral("cannot read '%1'; ignored").arg(s.left(80)));
        return;
    }
    for (;;) {
        while (pos < s.size() && s.at(pos).isSpace())
            ++pos;
        if (pos >= s.size())
            return;
        QString label;
        if (!parseArrow(s, &pos, &label)) {
            warn(line, QStringLiteral("cannot read '%1'; ignored").arg(s.mid(pos).left(80)));
            return;
        }
        QStringList right;
        if (!parseNodeGroup(s, &pos, line, &right)) {
            warn(line, QStringLiteral("an arrow without a node after it; ignored"));
            return;
        }
        for (const QString &a : left) {
            for (const QString &b : right) {
                if (m_graph.edges.size() >= kMaxEdges) {
                    if (!m_edgeLimitWarned)
                        warn(line, QStringLiteral("more than %1 edges; the rest are ignored")
                                       .arg(kMaxEdges));
                    m_edgeLimitWarned = true;
                    continue;
                }
                if (m_nodeIndex.contains(a) && m_nodeIndex.contains(b))
                    m_graph.edges.append({a, b, label, line});
            }
        }
        left = right;
    }
}

} // namespace infrastage
