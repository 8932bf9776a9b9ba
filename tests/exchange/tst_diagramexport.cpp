// Every example in every diagram format through the real command, read back where a reader
// exists: Mermaid through our importer (the same topology), DOT through Graphviz, draw.io as
// XML with one cell per node and link.
#include "enginetools.h"
#include "importer.h"

#include <QDomDocument>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace enginetools;
using namespace infrastage;

namespace {

QString cli() {
    return qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli");
}

QSet<QString> linkSet(const TopologyData &t) {
    QSet<QString> out;
    for (const Link &l : t.links())
        out.insert(QStringLiteral("%1 %2->%3 %4")
                       .arg(linkKindName(l.kind), l.from, l.to, l.text(QStringLiteral("access"))));
    return out;
}

} // namespace

class TestDiagramExport final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString exported(const QString &example, const QString &format, const QString &suffix) {
        const QString out = m_dir.filePath(exampleName(example) + QLatin1Char('.') + suffix);
        const Run r = run(cli(), {QStringLiteral("export"), example, QStringLiteral("--format"),
                                  format, QStringLiteral("-o"), out});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.output));
        return r.exitCode == 0 ? out : QString();
    }

    static void examples_data() {
        QTest::addColumn<QString>("example");
        for (const QString &e : enginetools::examples())
            QTest::newRow(qPrintable(exampleName(e))) << e;
    }

private slots:
    void mermaidReadsBackAsTheSameTopology_data() { examples_data(); }
    void mermaidReadsBackAsTheSameTopology() {
        QFETCH(QString, example);
        const QString file = exported(example, QStringLiteral("mermaid"), QStringLiteral("mmd"));
        QVERIFY(!file.isEmpty());
        TopologyData original;
        QString error;
        QVERIFY(TopologyFile::load(example, &original, &error));
        const ImportResult back =
            Importers::forFile(file, QByteArray())->import(readAll(file), file);
        QVERIFY2(back.warnings.isEmpty(), qPrintable(back.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(back.topology.name, original.name);
        QCOMPARE(back.topology.nodes().size(), original.nodes().size());
        for (const Node &n : original.nodes()) {
            const Node *b = back.topology.node(n.id);
            QVERIFY2(b, qPrintable(n.id));
            QCOMPARE(nodeKindName(b->kind), nodeKindName(n.kind));
            QCOMPARE(b->name, n.name);
            QCOMPARE(b->parent, n.parent);
            QCOMPARE(b->text(QStringLiteral("ip")), n.text(QStringLiteral("ip")));
            QCOMPARE(b->text(QStringLiteral("role")), n.text(QStringLiteral("role")));
        }
        QCOMPARE(linkSet(back.topology), linkSet(original));
    }

    void dotIsDrawnByGraphviz_data() { examples_data(); }
    void dotIsDrawnByGraphviz() {
        QFETCH(QString, example);
        const QString dot = tool(QStringLiteral("dot"));
        if (dot.isEmpty())
            QSKIP("graphviz is not installed");
        const QString file = exported(example, QStringLiteral("dot"), QStringLiteral("dot"));
        QVERIFY(!file.isEmpty());
        const Run r = run(dot, {QStringLiteral("-Tsvg"), file});
        QVERIFY2(r.exitCode == 0 && !r.output.contains(QLatin1String("Warning")),
                 qPrintable(r.output));
        QDomDocument svg;
        QVERIFY(svg.setContent(r.output.mid(r.output.indexOf(QLatin1String("<svg")))));
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(example, &t, &error));
        // Every server is a cluster, every other node a drawn node, every link an edge.
        int nodes = 0, clusters = 0, edges = 0;
        const QDomNodeList groups = svg.elementsByTagName(QStringLiteral("g"));
        for (int i = 0; i < groups.size(); ++i) {
            const QString cls = groups.at(i).toElement().attribute(QStringLiteral("class"));
            nodes += cls == QLatin1String("node");
            clusters += cls == QLatin1String("cluster");
            edges += cls == QLatin1String("edge");
        }
        int servers = 0, empty = 0;
        for (const Node &n : t.nodes()) {
            if (n.kind == NodeKind::Server) {
                ++servers;
                empty += t.children(n.id).isEmpty();
            }
        }
        QCOMPARE(clusters, servers);
        QCOMPARE(nodes, int(t.nodes().size()) - servers + empty);
        QCOMPARE(edges, int(t.links().size()));
    }

    void drawioIsWellFormedMxGraph_data() { examples_data(); }
    void drawioIsWellFormedMxGraph() {
        QFETCH(QString, example);
        const QString file = exported(example, QStringLiteral("drawio"), QStringLiteral("drawio"));
        QVERIFY(!file.isEmpty());
        QDomDocument doc;
        QVERIFY(doc.setContent(readAll(file)));
        QCOMPARE(doc.documentElement().tagName(), QStringLiteral("mxfile"));
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(example, &t, &error));
        const QDomNodeList cells = doc.elementsByTagName(QStringLiteral("mxCell"));
        QSet<QString> ids;
        int vertices = 0, edges = 0;
        for (int i = 0; i < cells.size(); ++i) {
            const QDomElement c = cells.at(i).toElement();
            ids.insert(c.attribute(QStringLiteral("id")));
            vertices += c.attribute(QStringLiteral("vertex")) == QLatin1String("1");
            edges += c.attribute(QStringLiteral("edge")) == QLatin1String("1");
        }
        QCOMPARE(vertices, int(t.nodes().size()));
        QCOMPARE(edges, int(t.links().size()));
        for (int i = 0; i < cells.size(); ++i) { // every parent, source and target exists
            const QDomElement c = cells.at(i).toElement();
            for (const char *attr : {"parent", "source", "target"}) {
                const QString ref = c.attribute(QLatin1String(attr));
                QVERIFY2(ref.isEmpty() || ids.contains(ref), qPrintable(ref));
            }
        }
        // Components sit inside their server's cell.
        for (const Node &n : t.nodes()) {
            if (n.parent.isEmpty())
                continue;
            bool found = false;
            for (int i = 0; i < cells.size() && !found; ++i) {
                const QDomElement c = cells.at(i).toElement();
                found = c.attribute(QStringLiteral("id")) == n.id &&
                        c.attribute(QStringLiteral("parent")) == n.parent;
            }
            QVERIFY2(found, qPrintable(n.id));
        }
    }

    void unknownFormatAndBadInputAreClearErrors() {
        Run r = run(cli(), {QStringLiteral("export"), enginetools::examples().first(),
                            QStringLiteral("--format"), QStringLiteral("bmp"), QStringLiteral("-o"),
                            m_dir.filePath(QStringLiteral("x.bmp"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.output.contains(QLatin1String("unknown format 'bmp'")));
        r = run(cli(),
                {QStringLiteral("export"), m_dir.filePath(QStringLiteral("missing.infra.json")),
                 QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.mmd"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.output.contains(QLatin1String("no such file")));
    }

    void importCommandWritesATopology() {
        const QString out = m_dir.filePath(QStringLiteral("imported.infra.json"));
        const Run r = run(cli(), {QStringLiteral("import"),
                                  QStringLiteral(INFRASTAGE_SOURCE_DIR
                                                 "/tests/exchange/data/three-server-design.md"),
                                  QStringLiteral("-o"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        TopologyData t;
        QString error;
        QVERIFY2(TopologyFile::load(out, &t, &error), qPrintable(error));
        QCOMPARE(t.nodes().size(), 13);
        const QString bad = m_dir.filePath(QStringLiteral("seq.mmd"));
        writeAll(bad, "sequenceDiagram\n  A->>B: hi\n");
        const Run refused = run(cli(), {QStringLiteral("import"), bad, QStringLiteral("-o"), out});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.output.contains(
            QLatin1String("line 1: 'sequenceDiagram' diagrams cannot be imported")));
    }
};

QTEST_GUILESS_MAIN(TestDiagramExport)
#include "tst_diagramexport.moc"
