// Graphviz DOT: servers as clusters, so `dot -Tsvg` draws what the canvas shows.
#include "diagramtext.h"
#include "exporter.h"

namespace infrastage {

namespace {

QString dotString(const QString &s) {
    QString e = s;
    e.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    e.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    e.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QLatin1Char('"') + e + QLatin1Char('"');
}

QString shape(NodeKind k) {
    switch (k) {
    case NodeKind::Database:
        return QStringLiteral("cylinder");
    case NodeKind::Client:
        return QStringLiteral("oval");
    case NodeKind::Firewall:
        return QStringLiteral("hexagon");
    case NodeKind::LoadBalancer:
        return QStringLiteral("box3d");
    case NodeKind::Files:
        return QStringLiteral("folder");
    case NodeKind::Note:
        return QStringLiteral("note");
    default:
        return QStringLiteral("box");
    }
}

QString nodeLine(const TopologyData &topology, const Node &n, const QString &indent) {
    return QStringLiteral("%1%2 [label=%3, shape=%4];\n")
        .arg(indent, dotString(n.id),
             dotString(DiagramText::lines(topology, n).join(QLatin1Char('\n'))), shape(n.kind));
}

class DotExporter final : public TextExporter {
public:
    QString format() const override { return QStringLiteral("dot"); }
    QString summary() const override {
        return QStringLiteral("Graphviz DOT (servers as clusters)");
    }
    QString extension() const override { return QStringLiteral("dot"); }

    QByteArray render(const TopologyData &topology, const ExportOptions &) const override {
        QString out = QStringLiteral("digraph %1 {\n").arg(dotString(topology.name));
        out += QStringLiteral("    rankdir=LR;\n    compound=true;\n"
                              "    node [fontname=\"Sans\", style=filled, fillcolor=white];\n"
                              "    edge [fontname=\"Sans\", fontsize=10];\n");
        QHash<QString, QString> anchor; // a server's id -> a node inside its cluster
        int cluster = 0;
        for (const Node *h : DiagramText::hosts(topology)) {
            if (h->kind != NodeKind::Server) {
                out += nodeLine(topology, *h, QStringLiteral("    "));
                continue;
            }
            const QList<const Node *> children = topology.children(h->id);
            out += QStringLiteral("    subgraph cluster_%1 {\n        label=%2;\n"
                                  "        style=rounded;\n        bgcolor=\"#eef3fb\";\n")
                       .arg(cluster++)
                       .arg(dotString(DiagramText::lines(topology, *h).join(QLatin1Char('\n'))));
            // An empty cluster is not drawn: a point keeps the server visible and linkable.
            if (children.isEmpty())
                out +=
                    QStringLiteral("        %1 [shape=point, label=\"\"];\n").arg(dotString(h->id));
            for (const Node *c : children)
                out += nodeLine(topology, *c, QStringLiteral("        "));
            out += QStringLiteral("    }\n");
            anchor.insert(h->id, children.isEmpty() ? h->id : children.first()->id);
        }
        for (const Link &l : topology.links()) {
            QStringList attrs;
            QString from = l.from;
            QString to = l.to;
            if (anchor.contains(from)) {
                attrs.append(QStringLiteral("ltail=cluster_%1").arg(anchorIndex(topology, from)));
                from = anchor.value(from);
            }
            if (anchor.contains(to)) {
                attrs.append(QStringLiteral("lhead=cluster_%1").arg(anchorIndex(topology, to)));
                to = anchor.value(to);
            }
            const QString label = DiagramText::linkLabel(l);
            if (!label.isEmpty())
                attrs.append(QStringLiteral("label=%1").arg(dotString(label)));
            if (l.kind == LinkKind::Replication)
                attrs.append(QStringLiteral("style=dashed"));
            out += QStringLiteral("    %1 -> %2%3;\n")
                       .arg(dotString(from), dotString(to),
                            attrs.isEmpty()
                                ? QString()
                                : QStringLiteral(" [%1]").arg(attrs.join(QStringLiteral(", "))));
        }
        out += QStringLiteral("}\n");
        return out.toUtf8();
    }

private:
    static int anchorIndex(const TopologyData &topology, const QString &serverId) {
        int i = 0;
        for (const Node *h : DiagramText::hosts(topology)) {
            if (h->id == serverId)
                return i;
            if (h->kind == NodeKind::Server)
                ++i;
        }
        return -1;
    }
};

const DotExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
