// Layout: the shipped examples, the imported reference diagram and the imported corpus are laid
// out with no box on another, no link label on a box and every name whole; the check finds
// what is wrong (with the nodes named) and `infrastage-cli layout` fixes it.
#include "importer.h"
#include "io/topologyfile.h"
#include "model/layoutcheck.h"
#include "model/linkroute.h"
#include "model/nodegeometry.h"
#include "tidylayout.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;

namespace {

const QString kSource = QStringLiteral(INFRASTAGE_SOURCE_DIR);

QString describe(const QList<LayoutProblem> &problems) {
    QStringList lines;
    for (const LayoutProblem &p : problems)
        lines.append(p.text);
    return lines.join(QLatin1Char('\n'));
}

TopologyData imported(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    const Importer *importer = Importers::forFile(path, bytes.left(512));
    return importer ? importer->import(bytes, QFileInfo(path).fileName()).topology : TopologyData();
}

Node host(NodeKind kind, const QString &id, const QString &name, QPointF at) {
    Node n = makeNode(kind, id, name);
    n.position = at;
    return n;
}

QString cli() {
    return qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli");
}

} // namespace

class LayoutTest : public QObject {
    Q_OBJECT
    qsizetype m_linksOverBoxes = 0;

private slots:
    void examplesAreClean_data() {
        QTest::addColumn<QString>("path");
        for (const QFileInfo &f : QDir(kSource + QStringLiteral("/examples"))
                                      .entryInfoList({QStringLiteral("*.infra.json")}))
            QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
    }
    void examplesAreClean() {
        QFETCH(QString, path);
        TopologyData data;
        QString error;
        QVERIFY2(TopologyFile::load(path, &data, &error), qPrintable(error));
        const QList<LayoutProblem> problems = LayoutCheck::run(data);
        QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
    }

    void importedDiagramsAreClean_data() {
        QTest::addColumn<QString>("path");
        const QString reference =
            kSource + QStringLiteral("/tests/exchange/data/three-server-design.md");
        QTest::newRow("three-server-design.md") << reference;
        for (const QFileInfo &f :
             QDir(kSource + QStringLiteral("/tests/exchange/data/corpus"))
                 .entryInfoList({QStringLiteral("*.md"), QStringLiteral("*.mmd")}, QDir::Files,
                                QDir::Name))
            QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
    }
    // No box on another, no label on a box, no name cut. A link may still pass over a box
    // where a single bend of its curve cannot go around (a long link across the whole drawing):
    // counted, and bounded below.
    void importedDiagramsAreClean() {
        QFETCH(QString, path);
        const TopologyData data = imported(path);
        QVERIFY(!data.nodes().isEmpty());
        QList<LayoutProblem> problems = LayoutCheck::run(data);
        m_linksOverBoxes += problems.removeIf(
            [](const LayoutProblem &p) { return p.kind == LayoutProblemKind::LinkOverBox; });
        QVERIFY2(problems.isEmpty(), qPrintable(describe(problems)));
    }
    // Of the reference diagram and the corpus' 46 (about 330 arrows), one monitoring link
    // across a whole drawing (secured-03.md) passes over the load balancer.
    void fewLinksPassOverBoxes() {
        QVERIFY2(m_linksOverBoxes <= 1, qPrintable(QString::number(m_linksOverBoxes)));
    }

    // Two hosts on one spot and a label across a third box are found, named by their ids.
    void checkFindsOverlapsAndLabels() {
        TopologyData data;
        data.appendNode(host(NodeKind::LoadBalancer, QStringLiteral("lb"), QStringLiteral("LB"),
                             QPointF(0, 0)));
        data.appendNode(
            host(NodeKind::Firewall, QStringLiteral("fw"), QStringLiteral("FW"), QPointF(100, 20)));
        // Ten points apart: the label of their link, half way, lies on both.
        data.appendNode(host(NodeKind::Client, QStringLiteral("user"), QStringLiteral("User"),
                             QPointF(0, 400)));
        data.appendNode(
            host(NodeKind::Dns, QStringLiteral("dns"), QStringLiteral("DNS"), QPointF(240, 400)));
        Link l = makeLink(LinkKind::Network, QStringLiteral("net"), QStringLiteral("user"),
                          QStringLiteral("dns"));
        l.properties.insert(QStringLiteral("label"), QStringLiteral("Internet"));
        data.appendLink(l);

        const QList<LayoutProblem> problems = LayoutCheck::run(data);
        QCOMPARE(problems.size(), 3);
        QCOMPARE(problems.at(0).kind, LayoutProblemKind::BoxesOverlap);
        QCOMPARE(problems.at(0).nodes, QStringList({QStringLiteral("lb"), QStringLiteral("fw")}));
        QCOMPARE(problems.at(1).kind, LayoutProblemKind::LabelOverBox);
        QCOMPARE(problems.at(1).nodes, QStringList({QStringLiteral("user")}));
        QCOMPARE(problems.at(1).link, QStringLiteral("net"));
        QCOMPARE(problems.at(2).nodes, QStringList({QStringLiteral("dns")}));

        QString error;
        QVERIFY2(TidyLayout::apply(&data, &error), qPrintable(error));
        QVERIFY2(LayoutCheck::run(data).isEmpty(), qPrintable(describe(LayoutCheck::run(data))));
    }

    // The layout loads dot's layout and no font stack: Graphviz' text layout (Pango, cairo,
    // fontconfig) in our process would measure labels nobody draws and share their state with
    // the designer's own fonts.
    void layoutLoadsNoFontStack() {
        TopologyData data =
            imported(kSource + QStringLiteral("/tests/exchange/data/three-server-design.md"));
        QVERIFY(!data.nodes().isEmpty());
        QString error;
        QVERIFY2(TidyLayout::apply(&data, &error), qPrintable(error));
        QFile maps(QStringLiteral("/proc/self/maps"));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray mapped = maps.readAll();
        QVERIFY(mapped.contains("libgvplugin_dot_layout"));
        for (const char *library : {"libgvplugin_pango", "libpango", "libcairo", "libfontconfig"})
            QVERIFY2(!mapped.contains(library), library);
    }

    // A box standing where a link would go straight is gone around, its label too.
    void linksBendAroundBoxes() {
        TopologyData data;
        data.appendNode(host(NodeKind::Client, QStringLiteral("user"), QStringLiteral("User"),
                             QPointF(0, 400)));
        data.appendNode(
            host(NodeKind::Dns, QStringLiteral("dns"), QStringLiteral("DNS"), QPointF(700, 400)));
        data.appendNode(host(NodeKind::Firewall, QStringLiteral("fw"), QStringLiteral("FW"),
                             QPointF(350, 400)));
        Link l = makeLink(LinkKind::Network, QStringLiteral("net"), QStringLiteral("user"),
                          QStringLiteral("dns"));
        l.properties.insert(QStringLiteral("label"), QStringLiteral("Internet"));
        data.appendLink(l);
        const QRectF fw = NodeGeometry::sceneRect(data, *data.node(QStringLiteral("fw")));
        const LinkRoute route = LinkRoute::of(data, l);
        QVERIFY(!route.crosses(fw));
        QVERIFY(!route.labelRect.intersects(fw));
        // Straight, it would have gone through the firewall.
        LinkEnds ends{NodeGeometry::sceneRect(data, *data.node(QStringLiteral("user"))),
                      NodeGeometry::sceneRect(data, *data.node(QStringLiteral("dns")))};
        QVERIFY(LinkRoute::between(ends, route.label).crosses(fw));
        QVERIFY2(LayoutCheck::run(data).isEmpty(), qPrintable(describe(LayoutCheck::run(data))));
    }

    // A long name makes its box wider, then wraps; a server's title too long for the widest
    // box is reported as cut.
    void boxesGrowForNames() {
        TopologyData data;
        const Node shortName =
            host(NodeKind::LoadBalancer, QStringLiteral("a"), QStringLiteral("LB"), QPointF(0, 0));
        const Node longer = host(NodeKind::LoadBalancer, QStringLiteral("b"),
                                 QStringLiteral("HAProxy load balancer (active)"), QPointF(0, 100));
        const Node longest = host(
            NodeKind::LoadBalancer, QStringLiteral("c"),
            QStringLiteral("HAProxy load balancer distributing round robin to both web servers"),
            QPointF(0, 200));
        for (const Node &n : {shortName, longer, longest})
            data.appendNode(n);
        const QSizeF a = NodeGeometry::size(data, shortName);
        const QSizeF b = NodeGeometry::size(data, longer);
        const QSizeF c = NodeGeometry::size(data, longest);
        QCOMPARE(a, QSizeF(NodeGeometry::kCardWidth, NodeGeometry::kCardHeight));
        QVERIFY(b.width() > a.width());
        QCOMPARE(b.height(), a.height());
        QVERIFY(c.width() > b.width() && c.width() <= NodeGeometry::kCardMaxWidth);
        QVERIFY(c.height() > a.height());
        QVERIFY(NodeGeometry::nameLines(data, longest).size() >= 2);
        QVERIFY(NodeGeometry::nameFits(data, longest));

        Node server = host(NodeKind::Server, QStringLiteral("s"), QString(200, QLatin1Char('W')),
                           QPointF(0, 400));
        data.appendNode(server);
        const QList<LayoutProblem> problems = LayoutCheck::run(data);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.at(0).kind, LayoutProblemKind::NameCut);
        QCOMPARE(problems.at(0).nodes, QStringList{QStringLiteral("s")});
    }

    // `layout --check` lists what overlaps and exits 1; `layout -o` writes a clean design.
    void cliChecksAndLaysOut() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TopologyData data;
        QString error;
        QVERIFY(TopologyFile::load(kSource + QStringLiteral("/examples/three-server.infra.json"),
                                   &data, &error));
        // Everything piled on one spot.
        for (Node n : data.nodes()) {
            if (n.parent.isEmpty()) {
                n.position = QPointF(0, 0);
                data.replaceNode(n);
            }
        }
        const QString messy = dir.filePath(QStringLiteral("messy.infra.json"));
        const QString tidy = dir.filePath(QStringLiteral("tidy.infra.json"));
        QVERIFY(TopologyFile::save(messy, data, &error));

        QProcess check;
        check.start(cli(), {QStringLiteral("layout"), messy, QStringLiteral("--check")});
        QVERIFY(check.waitForFinished(60000));
        QCOMPARE(check.exitCode(), 1);
        const QString out = QString::fromUtf8(check.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("overlap: server-1 (Server 1) overlaps server-2")),
                 qPrintable(out));

        QProcess layout;
        layout.start(cli(), {QStringLiteral("layout"), messy, QStringLiteral("-o"), tidy});
        QVERIFY(layout.waitForFinished(60000));
        QCOMPARE(layout.exitCode(), 0);
        QProcess again;
        again.start(cli(), {QStringLiteral("layout"), tidy, QStringLiteral("--check")});
        QVERIFY(again.waitForFinished(60000));
        QCOMPARE(again.exitCode(), 0);
        QVERIFY(again.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(LayoutTest)
#include "tst_layout.moc"
