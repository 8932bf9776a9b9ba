// draw.io (diagrams.net) XML, uncompressed mxGraph: servers are containers holding their
// components, at the canvas positions, so the diagram opens where the user left it.
#include "diagramtext.h"
#include "exporter.h"
#include "model/nodegeometry.h"

#include <QXmlStreamWriter>

namespace infrastage {

namespace {

QString style(NodeKind k) {
    switch (k) {
    case NodeKind::Server:
        return QStringLiteral("swimlane;rounded=1;container=1;collapsible=0;startSize=40;"
                              "fillColor=#eef3fb;whiteSpace=wrap;html=1;");
    case NodeKind::Database:
        return QStringLiteral("shape=cylinder3;whiteSpace=wrap;html=1;size=8;fillColor=#fff2cc;");
    case NodeKind::Client:
        return QStringLiteral("ellipse;whiteSpace=wrap;html=1;fillColor=#f5f5f5;");
    case NodeKind::Firewall:
        return QStringLiteral("shape=hexagon;whiteSpace=wrap;html=1;fillColor=#f8cecc;");
    case NodeKind::LoadBalancer:
        return QStringLiteral("rounded=1;whiteSpace=wrap;html=1;fillColor=#dae8fc;");
    case NodeKind::Note:
        return QStringLiteral("shape=note;whiteSpace=wrap;html=1;fillColor=#fff9c4;");
    default:
        return QStringLiteral("rounded=1;whiteSpace=wrap;html=1;fillColor=#ffffff;");
    }
}

QString htmlLabel(const QStringList &lines) {
    QStringList escaped;
    for (const QString &l : lines)
        escaped.append(l.toHtmlEscaped());
    return escaped.join(QStringLiteral("<br>"));
}

void geometry(QXmlStreamWriter &x, double px, double py, double w, double h) {
    x.writeStartElement(QStringLiteral("mxGeometry"));
    x.writeAttribute(QStringLiteral("x"), QString::number(px));
    x.writeAttribute(QStringLiteral("y"), QString::number(py));
    x.writeAttribute(QStringLiteral("width"), QString::number(w));
    x.writeAttribute(QStringLiteral("height"), QString::number(h));
    x.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
    x.writeEndElement();
}

class DrawioExporter final : public TextExporter {
public:
    QString format() const override { return QStringLiteral("drawio"); }
    QString summary() const override {
        return QStringLiteral("draw.io / diagrams.net XML (uncompressed mxGraph)");
    }
    QString extension() const override { return QStringLiteral("drawio"); }

    QByteArray render(const TopologyData &topology, const ExportOptions &) const override {
        QByteArray out;
        QXmlStreamWriter x(&out);
        x.setAutoFormatting(true);
        x.writeStartDocument();
        x.writeStartElement(QStringLiteral("mxfile"));
        x.writeAttribute(QStringLiteral("host"), QStringLiteral("infrastage"));
        x.writeStartElement(QStringLiteral("diagram"));
        x.writeAttribute(QStringLiteral("id"), QStringLiteral("infrastage"));
        x.writeAttribute(QStringLiteral("name"),
                         topology.name.isEmpty() ? QStringLiteral("Topology") : topology.name);
        x.writeStartElement(QStringLiteral("mxGraphModel"));
        x.writeAttribute(QStringLiteral("grid"), QStringLiteral("1"));
        x.writeAttribute(QStringLiteral("gridSize"), QStringLiteral("10"));
        x.writeStartElement(QStringLiteral("root"));
        x.writeEmptyElement(QStringLiteral("mxCell"));
        x.writeAttribute(QStringLiteral("id"), QStringLiteral("0"));
        x.writeEmptyElement(QStringLiteral("mxCell"));
        x.writeAttribute(QStringLiteral("id"), QStringLiteral("1"));
        x.writeAttribute(QStringLiteral("parent"), QStringLiteral("0"));
        for (const Node *h : DiagramText::hosts(topology)) {
            // The designer's own box sizes, so the diagram opens as the canvas shows it.
            const QSizeF size = NodeGeometry::size(topology, *h);
            vertex(x, topology, *h, QStringLiteral("1"), h->position.x(), h->position.y(),
                   size.width(), size.height());
            for (const Node *c : topology.children(h->id)) {
                const QSizeF s = NodeGeometry::size(topology, *c);
                vertex(x, topology, *c, h->id, c->position.x(), c->position.y(), s.width(),
                       s.height());
            }
        }
        for (const Link &l : topology.links()) {
            x.writeStartElement(QStringLiteral("mxCell"));
            x.writeAttribute(QStringLiteral("id"), QStringLiteral("link:") + l.id);
            x.writeAttribute(QStringLiteral("value"), DiagramText::linkLabel(l).toHtmlEscaped());
            x.writeAttribute(QStringLiteral("style"),
                             l.kind == LinkKind::Replication
                                 ? QStringLiteral("endArrow=classic;html=1;dashed=1;")
                                 : QStringLiteral("endArrow=classic;html=1;"));
            x.writeAttribute(QStringLiteral("edge"), QStringLiteral("1"));
            x.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
            x.writeAttribute(QStringLiteral("source"), l.from);
            x.writeAttribute(QStringLiteral("target"), l.to);
            x.writeStartElement(QStringLiteral("mxGeometry"));
            x.writeAttribute(QStringLiteral("relative"), QStringLiteral("1"));
            x.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement(); // root
        x.writeEndElement(); // mxGraphModel
        x.writeEndElement(); // diagram
        x.writeEndElement(); // mxfile
        x.writeEndDocument();
        return out;
    }

private:
    static void vertex(QXmlStreamWriter &x, const TopologyData &topology, const Node &n,
                       const QString &parent, double px, double py, double w, double h) {
        x.writeStartElement(QStringLiteral("mxCell"));
        x.writeAttribute(QStringLiteral("id"), n.id);
        x.writeAttribute(QStringLiteral("value"), htmlLabel(DiagramText::lines(topology, n)));
        x.writeAttribute(QStringLiteral("style"), style(n.kind));
        x.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        x.writeAttribute(QStringLiteral("parent"), parent);
        geometry(x, px, py, w, h);
        x.writeEndElement();
    }
};

const DrawioExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
