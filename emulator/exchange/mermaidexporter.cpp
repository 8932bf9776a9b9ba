// Mermaid flowchart: servers as subgraphs titled with their design IP, like the reference
// design's diagram, so it renders in GitHub/GitLab Markdown and reads back through our importer.
#include "diagramtext.h"
#include "exporter.h"

#include <QRegularExpression>

namespace infrastage {

namespace {

// Mermaid ids: letters, digits, '-' and '_'; a few words are keywords of the language.
QString mermaidId(const QString &id) {
    static const QRegularExpression bad(QStringLiteral("[^A-Za-z0-9_-]"));
    QString s = id;
    s.replace(bad, QStringLiteral("_"));
    static const QStringList keywords = {QStringLiteral("end"),       QStringLiteral("graph"),
                                         QStringLiteral("subgraph"),  QStringLiteral("style"),
                                         QStringLiteral("class"),     QStringLiteral("classDef"),
                                         QStringLiteral("click"),     QStringLiteral("flowchart"),
                                         QStringLiteral("linkStyle"), QStringLiteral("direction")};
    if (s.isEmpty() || !s.at(0).isLetter() || keywords.contains(s))
        s.prepend(QStringLiteral("n_"));
    return s;
}

QString quoted(const QStringList &lines) {
    QStringList escaped;
    for (QString l : lines) {
        l.replace(QLatin1Char('"'), QStringLiteral("#quot;"));
        l.replace(QLatin1Char('<'), QStringLiteral("#lt;"));
        l.replace(QLatin1Char('>'), QStringLiteral("#gt;"));
        escaped.append(l);
    }
    return QLatin1Char('"') + escaped.join(QStringLiteral("<br/>")) + QLatin1Char('"');
}

QString box(const TopologyData &topology, const Node &n) {
    const QString text = quoted(DiagramText::lines(topology, n));
    switch (n.kind) {
    case NodeKind::Database:
        return QStringLiteral("%1[(%2)]").arg(mermaidId(n.id), text);
    case NodeKind::Client:
        return QStringLiteral("%1([%2])").arg(mermaidId(n.id), text);
    case NodeKind::Firewall:
        return QStringLiteral("%1{{%2}}").arg(mermaidId(n.id), text);
    case NodeKind::Files:
        return QStringLiteral("%1[[%2]]").arg(mermaidId(n.id), text);
    default:
        return QStringLiteral("%1[%2]").arg(mermaidId(n.id), text);
    }
}

class MermaidExporter final : public TextExporter {
public:
    QString format() const override { return QStringLiteral("mermaid"); }
    QString summary() const override {
        return QStringLiteral("Mermaid flowchart (servers as subgraphs)");
    }
    QString extension() const override { return QStringLiteral("mmd"); }

    QByteArray render(const TopologyData &topology, const ExportOptions &) const override {
        QString out;
        if (!topology.name.isEmpty())
            out += QStringLiteral("---\ntitle: %1\n---\n").arg(topology.name.simplified());
        out += QStringLiteral("flowchart TD\n");
        for (const Node *h : DiagramText::hosts(topology)) {
            if (h->kind != NodeKind::Server) {
                out += QStringLiteral("    %1\n").arg(box(topology, *h));
                continue;
            }
            out += QStringLiteral("    subgraph %1[%2]\n")
                       .arg(mermaidId(h->id), quoted(DiagramText::lines(topology, *h)));
            for (const Node *c : topology.children(h->id))
                out += QStringLiteral("        %1\n").arg(box(topology, *c));
            out += QStringLiteral("    end\n");
        }
        for (const Link &l : topology.links()) {
            const QString label = DiagramText::linkLabel(l);
            const QString arrow =
                l.kind == LinkKind::Replication ? QStringLiteral("-.->") : QStringLiteral("-->");
            QString text = label;
            text.replace(QLatin1Char('|'), QStringLiteral("#124;"));
            text.replace(QLatin1Char('"'), QStringLiteral("#quot;"));
            out += label.isEmpty() ? QStringLiteral("    %1 %2 %3\n")
                                         .arg(mermaidId(l.from), arrow, mermaidId(l.to))
                                   : QStringLiteral("    %1 %2|\"%3\"| %4\n")
                                         .arg(mermaidId(l.from), arrow, text, mermaidId(l.to));
        }
        return out.toUtf8();
    }
};

const MermaidExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
