#include "mermaidparser.h"

#include "mermaidarchitectureparser.h"
#include "mermaidarrow.h"
#include "mermaidsource.h"

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

// Longest openers first, so "[(" is not read as "[" followed by "(" (Mermaid's lexer does the
// same by listing them first).
const Shape kShapes[] = {
    {"(((", ")))", "circle"},   {"((", "))", "circle"},
    {"(-", "-)", "round"},      {"([", "])", "stadium"},
    {"[[", "]]", "subroutine"}, {"[(", ")]", "cylinder"},
    {"{{", "}}", "hexagon"},    {"[/", "/]", "parallelogram"},
    {"[/", "\\]", "trapezoid"}, {"[\\", "\\]", "parallelogram"},
    {"[\\", "/]", "trapezoid"}, {"[|", "]", "rect"},
    {"[", "]", "rect"},         {"(", ")", "round"},
    {"{", "}", "rhombus"},      {">", "]", "asymmetric"},
};

// "@{ shape: cyl }" names (Mermaid 11) -> the shape names above.
struct ShapeAlias {
    const char *name;
    const char *shape;
};
const ShapeAlias kShapeAliases[] = {
    {"cyl", "cylinder"},
    {"cylinder", "cylinder"},
    {"db", "cylinder"},
    {"database", "cylinder"},
    {"das", "cylinder"},
    {"lin-cyl", "cylinder"},
    {"h-cyl", "cylinder"},
    {"disk", "cylinder"},
    {"rect", "rect"},
    {"rectangle", "rect"},
    {"proc", "rect"},
    {"process", "rect"},
    {"rounded", "round"},
    {"event", "round"},
    {"stadium", "stadium"},
    {"pill", "stadium"},
    {"terminal", "stadium"},
    {"fr-rect", "subroutine"},
    {"subproc", "subroutine"},
    {"subprocess", "subroutine"},
    {"circle", "circle"},
    {"circ", "circle"},
    {"dbl-circ", "circle"},
    {"diam", "rhombus"},
    {"diamond", "rhombus"},
    {"decision", "rhombus"},
    {"hex", "hexagon"},
    {"hexagon", "hexagon"},
    {"prepare", "hexagon"},
    {"lean-r", "parallelogram"},
    {"lean-l", "parallelogram"},
    {"trap-t", "trapezoid"},
    {"trap-b", "trapezoid"},
    {"doc", "document"},
    {"docs", "document"},
    {"document", "document"},
    {"cloud", "cloud"},
};

// Statement keywords whose lines only style or annotate the drawing.
const char *const kIgnored[] = {"style",    "classDef",  "linkStyle", "click", "accTitle",
                                "accDescr", "direction", "callback",  "href",  "interpolate"};

bool isIdChar(QChar c) {
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c.unicode() > 0x7f ||
           QStringLiteral("!$'*+?/\\").contains(c);
}

QString stripQuotes(QString s) {
    s = s.trimmed();
    if (s.size() >= 4 && s.startsWith(QLatin1String("\"`")) && s.endsWith(QLatin1String("`\"")))
        return s.mid(2, s.size() - 4);
    if (s.size() >= 2 && s.startsWith(QLatin1Char('"')) && s.endsWith(QLatin1Char('"')))
        s = s.mid(1, s.size() - 2);
    if (s.size() >= 2 && s.startsWith(QLatin1Char('`')) && s.endsWith(QLatin1Char('`')))
        s = s.mid(1, s.size() - 2);
    return s;
}

} // namespace

void MermaidParser::skipSpaces(const QString &s, int *pos) {
    while (*pos < s.size() && s.at(*pos).isSpace())
        ++*pos;
}

QString MermaidParser::cleanLabel(const QString &raw, QStringList *icons) {
    static const QRegularExpression br(QStringLiteral(R"(<\s*/?\s*br\s*/?\s*>)"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression numeric(QStringLiteral("[&#]#?(\\d+);"));
    static const QRegularExpression icon(
        QStringLiteral(R"(\b(fa[bslrk]?|fa-solid|fa-brands|fa-regular|mdi|logos):([\w-]+))"));
    static const QRegularExpression markdown(
        QStringLiteral(R"(\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))"));
    const bool wasMarkdown = raw.trimmed().startsWith(QLatin1String("\"`"));
    QString s = stripQuotes(raw);
    QRegularExpressionMatchIterator it = icon.globalMatch(s);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (icons)
            icons->append(m.captured(0).toLower());
    }
    s.replace(icon, QString());
    s.replace(br, QStringLiteral("\n"));
    s.replace(tag, QString());
    if (wasMarkdown)
        s.replace(markdown, QString());
    s.replace(QLatin1String("\\n"), QLatin1String("\n"));
    s.replace(QLatin1String("#quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&lt;"), QLatin1String("<"));
    s.replace(QLatin1String("&gt;"), QLatin1String(">"));
    s.replace(QLatin1String("#lt;"), QLatin1String("<"));
    s.replace(QLatin1String("#gt;"), QLatin1String(">"));
    s.replace(QLatin1String("&nbsp;"), QLatin1String(" "));
    s.replace(QLatin1String("&amp;"), QLatin1String("&"));
    s.replace(QLatin1String("#amp;"), QLatin1String("&"));
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
    m_copies.clear();
    m_copyScope.clear();
    m_open.clear();
    m_headerSeen = false;
    m_stop = false;
    m_nodeLimitWarned = false;
    m_edgeLimitWarned = false;

    const MermaidSource source(text);
    m_graph.warnings = source.warnings();
    if (!source.found()) {
        const bool markdown = text.trimmed().startsWith(QLatin1Char('#'));
        m_graph.warnings.prepend(
            markdown ? QStringLiteral("line 1: Markdown without a ```mermaid block: no Mermaid "
                                      "diagram found")
                     : QStringLiteral("line %1: no Mermaid diagram found").arg(source.firstLine()));
        return m_graph;
    }
    if (MermaidSource::isArchitecture(source.diagramType())) {
        MermaidGraph g = MermaidArchitectureParser().parse(source);
        g.warnings = m_graph.warnings + g.warnings;
        if (g.title.isEmpty())
            g.title = source.title();
        return g;
    }
    m_graph.title = source.title();
    const QList<MermaidStatement> statements =
        MermaidStatements::split(source.lines(), source.firstLine(), &m_graph.warnings);
    for (const MermaidStatement &st : statements) {
        if (m_stop)
            break;
        parseStatement(st.text, st.line);
    }
    if (!m_open.isEmpty())
        warn(statements.isEmpty() ? source.firstLine() : statements.last().line,
             QStringLiteral("subgraph '%1' has no 'end'").arg(m_open.last()));
    return m_graph;
}

bool MermaidParser::parseHeader(const QString &statement, int line) {
    static const QRegularExpression header(
        QStringLiteral(
            R"(^(graph|flowchart|flowchart-elk)(?:[ \t]+(TD|TB|LR|RL|BT|BR|<|>|\^|v)(?=\s|$))?\s*(.*)$)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = header.match(statement);
    m_headerSeen = true;
    if (!m.hasMatch()) {
        const QString type = statement.section(QLatin1Char(' '), 0, 0).left(60);
        warn(line, QStringLiteral("'%1' diagrams cannot be imported; only graph/flowchart and "
                                  "architecture-beta")
                       .arg(type));
        m_stop = true;
        return false;
    }
    m_graph.flowchart = true;
    const QString dir = m.captured(2).toUpper();
    if (dir == QLatin1String(">"))
        m_graph.direction = QStringLiteral("LR");
    else if (dir == QLatin1String("<"))
        m_graph.direction = QStringLiteral("RL");
    else if (dir == QLatin1String("^"))
        m_graph.direction = QStringLiteral("BT");
    else if (dir == QLatin1String("V"))
        m_graph.direction = QStringLiteral("TD");
    else if (!dir.isEmpty())
        m_graph.direction = dir;
    if (!m.captured(3).trimmed().isEmpty())
        parseStatement(m.captured(3).trimmed(), line);
    return true;
}

void MermaidParser::parseStatement(const QString &statement, int line) {
    if (!m_headerSeen) {
        parseHeader(statement, line);
        return;
    }
    const QString word = statement.section(QRegularExpression(QStringLiteral("\\s")), 0, 0);
    for (const char *kw : kIgnored) {
        if (word == QLatin1String(kw) || word.startsWith(QLatin1String(kw) + QLatin1Char(':')))
            return;
    }
    if (word == QLatin1String("class")) {
        parseClassStatement(statement);
        return;
    }
    if (word == QLatin1String("subgraph")) {
        parseSubgraph(statement.mid(8).trimmed(), line);
        return;
    }
    if (word == QLatin1String("end")) {
        if (m_open.isEmpty())
            warn(line, QStringLiteral("'end' without a subgraph; ignored"));
        else
            m_open.removeLast();
        if (statement.size() > 3)
            parseStatement(statement.mid(3).trimmed(), line);
        return;
    }
    // "e1@{ animate: true }": how an edge declared as "A e1@--> B" is drawn; not a node.
    static const QRegularExpression edgeData(QStringLiteral(R"(^([A-Za-z0-9_]+)\s*@\{.*\}$)"));
    if (const QRegularExpressionMatch m = edgeData.match(statement);
        m.hasMatch() && m_edgeIds.contains(m.captured(1)) && !m_nodeIndex.contains(m.captured(1)))
        return;
    parseChain(statement, line);
}

void MermaidParser::parseSubgraph(const QString &rest, int line) {
    static const QRegularExpression idTitle(QStringLiteral(R"(^([^\s\[\]"]+)\s*\[(.*)\]\s*$)"),
                                            QRegularExpression::DotMatchesEverythingOption);
    MermaidSubgraph sg;
    const QRegularExpressionMatch m = idTitle.match(rest);
    if (m.hasMatch()) {
        sg.id = m.captured(1);
        sg.title = cleanLabel(m.captured(2), &sg.icons);
    } else {
        sg.title = cleanLabel(rest, &sg.icons);
        sg.id = stripQuotes(rest).simplified();
    }
    if (sg.id.isEmpty())
        sg.id = QStringLiteral("subgraph-%1").arg(m_graph.subgraphs.size() + 1);
    for (int n = 2; m_graph.subgraphIndex(sg.id) >= 0; ++n) {
        const QString base = sg.id.section(QLatin1Char('#'), 0, 0);
        sg.id = QStringLiteral("%1#%2").arg(base).arg(n);
    }
    sg.parent = m_open.isEmpty() ? QString() : m_open.last();
    sg.line = line;
    m_open.append(sg.id);
    m_graph.subgraphs.append(sg);
}

void MermaidParser::parseClassStatement(const QString &statement) {
    // "class A,B name": the class is evidence of what A and B are.
    const QStringList parts = statement.simplified().split(QLatin1Char(' '));
    if (parts.size() < 3)
        return;
    for (const QString &id : parts.at(1).split(QLatin1Char(','))) {
        const int i = m_nodeIndex.value(id.trimmed(), -1);
        if (i >= 0)
            m_graph.nodes[i].classes.append(parts.at(2));
    }
}

QString MermaidParser::createNode(const QString &id, const QString &writtenId, int line) {
    if (m_graph.nodes.size() >= kMaxNodes) {
        if (!m_nodeLimitWarned)
            warn(line, QStringLiteral("more than %1 nodes; the rest are ignored").arg(kMaxNodes));
        m_nodeLimitWarned = true;
        return QString();
    }
    MermaidNode n;
    n.id = id;
    n.writtenId = writtenId;
    n.label = writtenId;
    n.line = line;
    m_nodeIndex.insert(id, int(m_graph.nodes.size()));
    m_graph.nodes.append(n);
    return id;
}

void MermaidParser::addToOpenSubgraph(const QString &id) {
    if (m_open.isEmpty() || m_memberOf.contains(id) || m_open.contains(id))
        return;
    m_memberOf.insert(id, m_open.last());
    m_graph.subgraphs[m_graph.subgraphIndex(m_open.last())].members.append(id);
}

bool MermaidParser::isWithin(const QString &inner, const QString &outer) const {
    QString s = inner;
    for (int guard = 0; !s.isEmpty() && guard < 1000; ++guard) {
        if (s == outer)
            return true;
        const int i = m_graph.subgraphIndex(s);
        s = i >= 0 ? m_graph.subgraphs.at(i).parent : QString();
    }
    return false;
}

MermaidParser::Mention MermaidParser::mention(const QString &writtenId, int line, bool declared) {
    Mention out;
    const auto expanded = [&] {
        QStringList ids{writtenId};
        ids += m_copies.value(writtenId);
        return ids;
    };
    // A copy made for one of the open subgraphs stands for the id here.
    for (int s = int(m_open.size()) - 1; s >= 0; --s) {
        for (const QString &copy : m_copies.value(writtenId)) {
            if (m_copyScope.value(copy) == m_open.at(s)) {
                out.ids = {copy};
                return out;
            }
        }
    }
    if (!m_nodeIndex.contains(writtenId)) {
        if (createNode(writtenId, writtenId, line).isEmpty())
            return out;
        addToOpenSubgraph(writtenId);
        out.ids = {writtenId};
        return out;
    }
    if (m_open.isEmpty()) {
        out.ids = declared ? QStringList{writtenId} : expanded();
        return out;
    }
    const QString here = m_open.last();
    const QString owner = m_memberOf.value(writtenId);
    if (owner.isEmpty()) {
        addToOpenSubgraph(writtenId);
        out.ids = {writtenId};
        return out;
    }
    if (isWithin(here, owner) || isWithin(owner, here)) {
        out.ids = {writtenId};
        return out;
    }
    // The same id in another box: declared again there, or a diagram of bare ids ("Nginx"
    // in every server box). It is a node of its own in that box.
    const MermaidNode &original = m_graph.nodes.at(m_nodeIndex.value(writtenId));
    if (!declared && original.labelled) {
        out.ids = expanded();
        return out;
    }
    const QString copyId = writtenId + QLatin1Char('@') + here;
    if (createNode(copyId, writtenId, line).isEmpty())
        return out;
    MermaidNode &copy = m_graph.nodes[m_nodeIndex.value(copyId)];
    const MermaidNode &source = m_graph.nodes.at(m_nodeIndex.value(writtenId));
    copy.label = source.label;
    copy.shape = source.shape;
    copy.icons = source.icons;
    copy.classes = source.classes;
    copy.labelled = source.labelled;
    m_copies[writtenId].append(copyId);
    m_copyScope.insert(copyId, here);
    addToOpenSubgraph(copyId);
    out.ids = {copyId};
    return out;
}

void MermaidParser::setLabel(const QStringList &ids, const QString &label, const QString &shape,
                             const QStringList &icons) {
    for (const QString &id : ids) {
        const int i = m_nodeIndex.value(id, -1);
        if (i < 0)
            continue;
        MermaidNode &n = m_graph.nodes[i];
        n.label = label;
        if (!shape.isEmpty())
            n.shape = shape;
        n.icons += icons;
        n.labelled = true;
    }
}

bool MermaidParser::parseShape(const QString &s, int *pos, int line, const QString &writtenId,
                               QString *label, QString *shape) {
    const int p = *pos;
    for (const Shape &sh : kShapes) {
        const QLatin1String open(sh.open);
        const QLatin1String close(sh.close);
        if (!QStringView(s).mid(p).startsWith(open))
            continue;
        int textStart = p + int(open.size());
        if (QLatin1String(sh.open) == QLatin1String("[|")) {
            // "[|field:value|text]": the field is styling; the text follows the second '|'.
            const int bar = int(s.indexOf(QLatin1Char('|'), textStart));
            if (bar < 0)
                continue;
            textStart = bar + 1;
        }
        int q = textStart;
        while (q < s.size() && s.at(q) == QLatin1Char(' '))
            ++q;
        if (q < s.size() && s.at(q) == QLatin1Char('"')) {
            const bool md = q + 1 < s.size() && s.at(q + 1) == QLatin1Char('`');
            const int end = md ? int(s.indexOf(QLatin1String("`\""), q + 2))
                               : int(s.indexOf(QLatin1Char('"'), q + 1));
            if (end >= 0) {
                int after = end + (md ? 2 : 1);
                while (after < s.size() && s.at(after) == QLatin1Char(' '))
                    ++after;
                if (QStringView(s).mid(after).startsWith(close)) {
                    *label = s.mid(q, after - q);
                    *shape = QString::fromLatin1(sh.name);
                    *pos = after + int(close.size());
                    return true;
                }
            }
        }
        const int closeAt = int(s.indexOf(close, textStart));
        if (closeAt < 0)
            continue; // maybe a shorter opener fits; if none does, reported below
        // "A[Load balancer --> B[Nginx]": the first bracket was never closed.
        int nested = -1;
        for (int i = textStart; i < closeAt && nested < 0; ++i) {
            if (QStringLiteral("[({").contains(s.at(i)))
                nested = i;
        }
        if (nested >= 0) {
            warn(line, QStringLiteral("unbalanced '%1' after node '%2'; the rest of the "
                                      "statement is ignored")
                           .arg(QLatin1Char(sh.open[0]))
                           .arg(writtenId.left(80)));
            *label = s.mid(textStart, nested - textStart);
            *shape = QString::fromLatin1(sh.name);
            *pos = -1;
            return true;
        }
        *label = s.mid(textStart, closeAt - textStart);
        *shape = QString::fromLatin1(sh.name);
        *pos = closeAt + int(close.size());
        return true;
    }
    if (p < s.size() && QStringLiteral("[({>").contains(s.at(p))) {
        warn(line, QStringLiteral("unbalanced '%1' after node '%2'; the rest of the statement "
                                  "is ignored")
                       .arg(s.at(p))
                       .arg(writtenId.left(80)));
        *pos = -1;
        return true;
    }
    return false;
}

bool MermaidParser::parseShapeData(const QString &s, int *pos, QString *label, QString *shape,
                                   QStringList *icons) {
    // "@{ shape: cyl, label: "Primary DB", icon: "fa:database" }"
    if (!QStringView(s).mid(*pos).startsWith(QLatin1String("@{")))
        return false;
    bool quoted = false;
    int end = -1;
    for (int i = *pos + 2; i < s.size() && end < 0; ++i) {
        if (s.at(i) == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && s.at(i) == QLatin1Char('}'))
            end = i;
    }
    if (end < 0)
        return false;
    const QString body = s.mid(*pos + 2, end - *pos - 2);
    static const QRegularExpression pair(QStringLiteral(R"(([A-Za-z]+)\s*:\s*("[^"]*"|[^,\n]*))"));
    QRegularExpressionMatchIterator it = pair.globalMatch(body);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString key = m.captured(1).toLower();
        const QString value = stripQuotes(m.captured(2));
        if (key == QLatin1String("label")) {
            *label = m.captured(2);
        } else if (key == QLatin1String("shape")) {
            *shape = value.toLower();
            for (const ShapeAlias &a : kShapeAliases) {
                if (value.compare(QLatin1String(a.name), Qt::CaseInsensitive) == 0)
                    *shape = QString::fromLatin1(a.shape);
            }
        } else if (key == QLatin1String("icon")) {
            icons->append(value.toLower());
        }
    }
    *pos = end + 1;
    return true;
}

bool MermaidParser::parseNode(const QString &s, int *pos, int line, Mention *mention) {
    int p = *pos;
    skipSpaces(s, &p);
    const int start = p;
    while (p < s.size()) {
        const QChar c = s.at(p);
        const QChar next = p + 1 < s.size() ? s.at(p + 1) : QChar();
        const bool joiner =
            p > start && ((c == QLatin1Char('-') && !next.isNull() &&
                           !QStringLiteral("->.").contains(next) && !next.isSpace()) ||
                          (c == QLatin1Char('.') && !next.isNull() && isIdChar(next)) ||
                          (c == QLatin1Char('=') && !next.isNull() && next != QLatin1Char('=') &&
                           !next.isSpace()));
        if (!isIdChar(c) && !joiner)
            break;
        ++p;
    }
    if (p == start)
        return false;
    const QString writtenId = s.mid(start, p - start);
    QStringList classes;
    static const QRegularExpression cls(QStringLiteral(R"(:::([\w-]+))"));
    auto readClass = [&] {
        const QRegularExpressionMatch m = cls.match(s, p, QRegularExpression::NormalMatch,
                                                    QRegularExpression::AnchorAtOffsetMatchOption);
        if (m.hasMatch()) {
            classes.append(m.captured(1));
            p = int(m.capturedEnd());
        }
    };
    readClass();
    QString rawLabel;
    QString shape;
    QStringList icons;
    bool declared = parseShape(s, &p, line, writtenId, &rawLabel, &shape);
    const bool brokenShape = p < 0;
    if (!brokenShape) {
        readClass();
        declared = parseShapeData(s, &p, &rawLabel, &shape, &icons) || declared;
        readClass();
    }
    *mention = this->mention(writtenId, line, declared);
    if (declared) {
        const QString label = cleanLabel(rawLabel, &icons);
        setLabel(mention->ids, label.isEmpty() && rawLabel.isEmpty() ? writtenId : label, shape,
                 icons);
    }
    for (const QString &id : std::as_const(mention->ids)) {
        const int i = m_nodeIndex.value(id, -1);
        if (i >= 0)
            m_graph.nodes[i].classes += classes;
    }
    *pos = brokenShape ? int(s.size()) : p;
    return true;
}

bool MermaidParser::parseNodeGroup(const QString &s, int *pos, int line, QList<Mention> *group) {
    Mention m;
    if (!parseNode(s, pos, line, &m))
        return false;
    group->append(m);
    for (;;) {
        int p = *pos;
        skipSpaces(s, &p);
        if (p >= s.size() || s.at(p) != QLatin1Char('&'))
            return true;
        *pos = p + 1;
        if (!parseNode(s, pos, line, &m))
            return false;
        group->append(m);
    }
}

void MermaidParser::addEdges(const QList<Mention> &left, const QList<Mention> &right,
                             const MermaidEdge &edge) {
    auto scopeOf = [&](const QString &id) {
        return m_copyScope.contains(id) ? m_copyScope.value(id) : m_memberOf.value(id);
    };
    for (const Mention &a : left) {
        for (const Mention &b : right) {
            const bool pairByScope = a.ids.size() > 1 && b.ids.size() > 1;
            for (const QString &x : a.ids) {
                for (const QString &y : b.ids) {
                    if (pairByScope && scopeOf(x) != scopeOf(y))
                        continue;
                    if (m_graph.edges.size() >= kMaxEdges) {
                        if (!m_edgeLimitWarned)
                            warn(edge.line, QStringLiteral("more than %1 edges; the rest are "
                                                           "ignored")
                                                .arg(kMaxEdges));
                        m_edgeLimitWarned = true;
                        return;
                    }
                    MermaidEdge e = edge;
                    // "A <-- B" points from B to A.
                    const bool reversed = edge.arrowAtStart && !edge.arrowAtEnd;
                    e.from = reversed ? y : x;
                    e.to = reversed ? x : y;
                    m_graph.edges.append(e);
                }
            }
        }
    }
}

void MermaidParser::parseChain(const QString &s, int line) {
    int pos = 0;
    QList<Mention> left;
    if (!parseNodeGroup(s, &pos, line, &left)) {
        warn(line, QStringLiteral("cannot read '%1'; ignored").arg(s.left(80)));
        return;
    }
    for (;;) {
        skipSpaces(s, &pos);
        if (pos >= s.size())
            return;
        MermaidEdge edge;
        edge.line = line;
        QString edgeId;
        if (!MermaidArrow::read(s, &pos, &edge, &edgeId)) {
            warn(line, QStringLiteral("cannot read '%1'; ignored").arg(s.mid(pos).left(80)));
            return;
        }
        if (!edgeId.isEmpty())
            m_edgeIds.insert(edgeId);
        QList<Mention> right;
        if (!parseNodeGroup(s, &pos, line, &right)) {
            warn(line, QStringLiteral("an arrow without a node after it; ignored"));
            return;
        }
        addEdges(left, right, edge);
        left = right;
    }
}

} // namespace infrastage
