#include "mermaidarchitectureparser.h"

#include "mermaidparser.h"
#include "mermaidsource.h"
#include "mermaidstatements.h"

#include <QRegularExpression>

namespace infrastage {

void MermaidArchitectureParser::warn(int line, const QString &what) {
    if (m_graph.warnings.size() < 200)
        m_graph.warnings.append(QStringLiteral("line %1: %2").arg(line).arg(what));
}

MermaidGraph MermaidArchitectureParser::parse(const MermaidSource &source) {
    m_graph = MermaidGraph();
    m_junctions.clear();
    m_graph.flowchart = true;
    m_graph.architecture = true;
    m_graph.direction = QStringLiteral("LR");
    const QList<MermaidStatement> statements =
        MermaidStatements::split(source.lines(), source.firstLine(), &m_graph.warnings);
    bool header = false;
    for (const MermaidStatement &st : statements) {
        if (!header) {
            header = true; // "architecture-beta"
            continue;
        }
        parseLine(st.text, st.line);
    }
    resolveJunctions();
    return m_graph;
}

void MermaidArchitectureParser::placeIn(const QString &id, const QString &group, int lineNo) {
    if (group.isEmpty())
        return;
    const int g = m_graph.subgraphIndex(group);
    if (g < 0) {
        warn(lineNo, QStringLiteral("group '%1' is not declared (yet); '%2' stands outside it")
                         .arg(group.left(80), id.left(80)));
        return;
    }
    m_graph.subgraphs[g].members.append(id);
}

void MermaidArchitectureParser::parseLine(const QString &line, int lineNo) {
    // group id(icon)[title] in parent / service id(icon)[title] in group / junction id in group
    static const QRegularExpression decl(QStringLiteral(
        R"(^(group|service|junction)\s+([\w-]+)\s*(?:\(([^)]*)\))?\s*(?:\[(.*)\])?\s*(?:\bin\s+([\w-]+))?\s*$)"));
    // a:R --> L:b, a{group}:B -[label]- T:b{group}
    static const QRegularExpression edge(QStringLiteral(
        R"(^([\w-]+)(\{group\})?(?::([LRTB]))?\s*(<?)-(?:\[([^\]]*)\])?-(>?)\s*(?:([LRTB]):)?([\w-]+)(\{group\})?\s*$)"));
    QRegularExpressionMatch m = decl.match(line);
    if (m.hasMatch()) {
        const QString what = m.captured(1);
        const QString id = m.captured(2);
        QStringList icons;
        const QString icon = m.captured(3).trimmed().toLower();
        if (!icon.isEmpty())
            icons.append(icon);
        QString title = MermaidParser::cleanLabel(m.captured(4), &icons);
        if (what == QLatin1String("group")) {
            if (m_graph.subgraphIndex(id) >= 0) {
                warn(lineNo, QStringLiteral("group '%1' is declared twice").arg(id.left(80)));
                return;
            }
            MermaidSubgraph sg;
            sg.id = id;
            sg.title = title.isEmpty() ? id : title;
            sg.icons = icons;
            sg.line = lineNo;
            if (!m.captured(5).isEmpty() && m_graph.subgraphIndex(m.captured(5)) >= 0)
                sg.parent = m.captured(5);
            m_graph.subgraphs.append(sg);
            return;
        }
        if (m_graph.nodeIndex(id) >= 0) {
            warn(lineNo, QStringLiteral("'%1' is declared twice").arg(id.left(80)));
            return;
        }
        if (m_graph.nodes.size() >= MermaidParser::kMaxNodes) {
            warn(lineNo, QStringLiteral("more than %1 services; the rest are ignored")
                             .arg(MermaidParser::kMaxNodes));
            return;
        }
        MermaidNode n;
        n.id = id;
        n.writtenId = id;
        n.label = title.isEmpty() ? id : title;
        n.labelled = !title.isEmpty();
        n.icons = icons;
        n.shape = what == QLatin1String("junction") ? QStringLiteral("junction")
                                                    : QStringLiteral("service");
        n.line = lineNo;
        m_graph.nodes.append(n);
        if (what == QLatin1String("junction"))
            m_junctions.append(id);
        placeIn(id, m.captured(5), lineNo);
        return;
    }
    m = edge.match(line);
    if (m.hasMatch()) {
        MermaidEdge e;
        e.from = m.captured(1);
        e.to = m.captured(8);
        e.label = MermaidParser::cleanLabel(m.captured(5));
        e.arrowAtStart = !m.captured(4).isEmpty();
        e.arrowAtEnd = !m.captured(6).isEmpty();
        e.line = lineNo;
        if (e.arrowAtStart && !e.arrowAtEnd)
            std::swap(e.from, e.to);
        for (const QString &end : {e.from, e.to}) {
            if (m_graph.nodeIndex(end) < 0 && m_graph.subgraphIndex(end) < 0) {
                warn(lineNo, QStringLiteral("'%1' is not a declared service or group; the edge "
                                            "is ignored")
                                 .arg(end.left(80)));
                return;
            }
        }
        if (m_graph.edges.size() < MermaidParser::kMaxEdges)
            m_graph.edges.append(e);
        return;
    }
    warn(lineNo, QStringLiteral("cannot read '%1'; ignored").arg(line.left(80)));
}

void MermaidArchitectureParser::resolveJunctions() {
    for (const QString &j : std::as_const(m_junctions)) {
        QStringList ends;
        int line = 0;
        QList<MermaidEdge> kept;
        for (const MermaidEdge &e : std::as_const(m_graph.edges)) {
            if (e.from == j || e.to == j) {
                ends.append(e.from == j ? e.to : e.from);
                line = e.line;
            } else {
                kept.append(e);
            }
        }
        for (int a = 0; a < ends.size(); ++a) {
            for (int b = a + 1; b < ends.size(); ++b) {
                if (ends.at(a) == ends.at(b) || ends.at(a) == j || ends.at(b) == j)
                    continue;
                MermaidEdge e;
                e.from = ends.at(a);
                e.to = ends.at(b);
                e.line = line;
                kept.append(e);
            }
        }
        m_graph.edges = kept;
        const int i = m_graph.nodeIndex(j);
        if (i >= 0)
            m_graph.nodes.removeAt(i);
        for (MermaidSubgraph &sg : m_graph.subgraphs)
            sg.members.removeAll(j);
    }
}

} // namespace infrastage
