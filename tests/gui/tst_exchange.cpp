// The designer's File > Export and the import of Mermaid diagrams: every format writes the open
// design (unsaved edits included) to something its reader accepts; a diagram opens as a new,
// unsaved design; what cannot be exported or imported is said and changes nothing.
#include "analysis/analyzer.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "exchange/exportcontroller.h"
#include "exporter.h"
#include "findings/analysisrunner.h"
#include "guitestsupport.h"
#include "importer.h"
#include "mainwindow.h"

#include <QDirIterator>
#include <QImage>
#include <QMenu>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

namespace {

const char *kThreeServer = INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json";
const char *kReference = INFRASTAGE_SOURCE_DIR "/tests/exchange/data/three-server-design.md";

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString xmlError(const QByteArray &bytes) {
    QXmlStreamReader xml(bytes);
    while (!xml.atEnd())
        xml.readNext();
    return xml.hasError()
               ? QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString())
               : QString();
}

QMap<NodeKind, int> kindCounts(const TopologyData &data) {
    QMap<NodeKind, int> counts;
    for (const Node &n : data.nodes())
        ++counts[n.kind];
    return counts;
}

QStringList rules(const Findings &findings) {
    QStringList r;
    for (const Finding &f : findings)
        r.append(f.rule);
    r.sort();
    return r;
}

} // namespace

class TestExchange : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes) {
        return writeTestFile(m_dir.filePath(name), bytes);
    }

    // A window with three-server open and one unsaved edit: a monitoring node named "Watcher".
    static void openEdited(MainWindow &window) {
        window.files()->setInteractive(false);
        window.exports()->setInteractive(false);
        QVERIFY(window.files()->openPath(QString::fromUtf8(kThreeServer)));
        const QString id = window.editor()->addNode(NodeKind::Monitoring, {200, 600});
        QVERIFY(!id.isEmpty());
        QVERIFY(window.editor()->setNodeName(id, QStringLiteral("Watcher")));
        QVERIFY(window.document()->isModified());
    }

private Q_SLOTS:
    void initTestCase() {
        isolateSettings();
        QVERIFY(m_dir.isValid());
    }

    void exportMenuOffersEveryFormat() {
        MainWindow window;
        auto *menu = window.findChild<QMenu *>(QStringLiteral("exportMenu"));
        QVERIFY(menu);
        QStringList offered;
        for (QAction *a : menu->actions()) {
            if (!a->isSeparator())
                offered.append(a->objectName());
        }
        const QStringList wanted = {
            QStringLiteral("export-png"),    QStringLiteral("export-svg"),
            QStringLiteral("export-pdf"),    QStringLiteral("export-mermaid"),
            QStringLiteral("export-dot"),    QStringLiteral("export-drawio"),
            QStringLiteral("export-configs")};
        QCOMPARE(offered, wanted);
        for (QAction *a : menu->actions())
            QVERIFY2(a->isSeparator() || !a->toolTip().isEmpty(), qPrintable(a->objectName()));
    }

    void everyFormatWritesTheOpenDesign() {
        MainWindow window;
        openEdited(window);
        ExportController *exports = window.exports();
        const QString dir = m_dir.filePath(QStringLiteral("every"));

        ExportOptions one;
        ExportOptions two;
        two.scale = 2;
        QVERIFY2(exports->exportTo(QStringLiteral("png"), dir + "/one.png", one),
                 qPrintable(exports->lastError()));
        QVERIFY2(exports->exportTo(QStringLiteral("png"), dir + "/two.png", two),
                 qPrintable(exports->lastError()));
        const QImage small(dir + "/one.png");
        const QImage large(dir + "/two.png");
        QVERIFY(!small.isNull());
        QVERIFY(!large.isNull());
        QVERIFY2(qAbs(large.width() - 2 * small.width()) <= 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(large.width()).arg(small.width())));

        QVERIFY(exports->exportTo(QStringLiteral("svg"), dir + "/d.svg", one));
        const QByteArray svg = readAll(dir + "/d.svg");
        QCOMPARE(xmlError(svg), QString());
        QVERIFY(svg.contains("Watcher"));

        QVERIFY(exports->exportTo(QStringLiteral("pdf"), dir + "/d.pdf", one));
        QVERIFY(readAll(dir + "/d.pdf").startsWith("%PDF-"));

        QVERIFY(exports->exportTo(QStringLiteral("drawio"), dir + "/d.drawio", one));
        const QByteArray drawio = readAll(dir + "/d.drawio");
        QCOMPARE(xmlError(drawio), QString());
        QVERIFY(drawio.contains("Watcher"));

        QVERIFY(exports->exportTo(QStringLiteral("dot"), dir + "/d.dot", one));
        QVERIFY(readAll(dir + "/d.dot").contains("Watcher"));

        // Mermaid goes back through our own importer with the edit in it.
        QVERIFY(exports->exportTo(QStringLiteral("mermaid"), dir + "/d.mmd", one));
        const Importer *mermaid = Importers::find(QStringLiteral("mermaid"));
        QVERIFY(mermaid);
        const ImportResult back = mermaid->import(readAll(dir + "/d.mmd"), QStringLiteral("d.mmd"));
        bool found = false;
        for (const Node &n : back.topology.nodes())
            found = found || n.name == QLatin1String("Watcher");
        QVERIFY2(found, qPrintable(back.warnings.join(QLatin1Char('\n'))));

        QVERIFY(exports->exportTo(QStringLiteral("configs"), dir + "/configs", one));
        QStringList files;
        QDirIterator it(dir + "/configs", QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(QFileInfo(it.next()).fileName());
        QVERIFY2(files.contains(QStringLiteral("haproxy.cfg")), qPrintable(files.join(' ')));
        QVERIFY2(files.contains(QStringLiteral("nginx.conf")), qPrintable(files.join(' ')));
        QVERIFY2(files.contains(QStringLiteral("prometheus.yml")), qPrintable(files.join(' ')));

        // Exporting is not saving: the design is still unsaved.
        QVERIFY(window.document()->isModified());
    }

    void exportSuggestsNamesBesideTheDesign() {
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY(window.files()->openPath(QString::fromUtf8(kThreeServer)));
        QCOMPARE(QFileInfo(window.exports()->suggestedPath(QStringLiteral("png"))).fileName(),
                 QStringLiteral("three-server.png"));
        QCOMPARE(QFileInfo(window.exports()->suggestedPath(QStringLiteral("configs"))).fileName(),
                 QStringLiteral("three-server-configs"));
    }

    void failedExportSaysWhyAndKeepsTheFile() {
        MainWindow window;
        openEdited(window);
        ExportController *exports = window.exports();
        const QString file = write(QStringLiteral("occupied"), "keep me");
        QVERIFY(!exports->exportTo(QStringLiteral("configs"), file, {}));
        QVERIFY2(exports->lastError().contains(file), qPrintable(exports->lastError()));
        QCOMPARE(readAll(file), QByteArray("keep me"));

        // A file where a folder is needed: nothing can be written below it.
        QVERIFY(!exports->exportTo(QStringLiteral("mermaid"), file + "/d.mmd", {}));
        QVERIFY(!exports->lastError().isEmpty());
        QCOMPARE(readAll(file), QByteArray("keep me"));

        QVERIFY(!exports->exportInteractively(QStringLiteral("no-such-format")));
        QVERIFY(exports->lastError().contains(QStringLiteral("no-such-format")));
    }

    void referenceDiagramOpensAsAnUnsavedDesign() {
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY2(window.files()->openPath(QString::fromUtf8(kReference)),
                 qPrintable(window.files()->lastError()));
        Document *doc = window.document();
        QVERIFY(doc->path().isEmpty());
        QVERIFY(doc->isModified());
        QVERIFY(doc->displayName().contains(QStringLiteral("three-server-design.md")));
        QCOMPARE(QFileInfo(doc->suggestedPath()).fileName(),
                 QStringLiteral("three-server-design.infra.json"));

        // Same kinds and the same findings as the hand-made example of the reference design.
        const TopologyData expected = example("three-server");
        QCOMPARE(kindCounts(doc->data()), kindCounts(expected));
        window.analysis()->runNow(true);
        QCOMPARE(rules(window.analysis()->findings()), rules(analyzeTopology(expected)));

        // Graphviz laid the hosts out: no two hosts share a place.
        QSet<QPair<int, int>> places;
        for (const Node &n : doc->data().nodes()) {
            if (n.parent.isEmpty())
                places.insert({qRound(n.position.x()), qRound(n.position.y())});
        }
        int hosts = 0;
        for (const Node &n : doc->data().nodes())
            hosts += n.parent.isEmpty();
        QCOMPARE(int(places.size()), hosts);

        // Saving writes a design, never over the diagram it came from.
        QString error;
        const QString saved = m_dir.filePath(QStringLiteral("imported.infra.json"));
        QVERIFY2(doc->saveAs(saved, &error), qPrintable(error));
        TopologyData reread;
        QVERIFY2(TopologyFile::load(saved, &reread, &error), qPrintable(error));
        QCOMPARE(kindCounts(reread), kindCounts(expected));
    }

    void partlyBrokenDiagramImportsWithWarnings() {
        MainWindow window;
        window.files()->setInteractive(false);
        const QString path = write(QStringLiteral("partly.mmd"), "flowchart LR\n"
                                                                 "  dns[DNS server]\n"
                                                                 "  lb[HAProxy load balancer\n"
                                                                 "  web[Nginx web server]\n"
                                                                 "  dns --> web\n");
        QVERIFY2(window.files()->openPath(path), qPrintable(window.files()->lastError()));
        QVERIFY(window.document()->data().nodes().size() >= 2);
        const QStringList warnings = window.files()->lastWarnings();
        QVERIFY(!warnings.isEmpty());
        QVERIFY2(warnings.first().contains(QStringLiteral("line 3")),
                 qPrintable(warnings.join('\n')));
    }

    void unreadableDiagramLeavesTheOpenDesign() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, name);
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY(window.files()->openPath(QString::fromUtf8(kThreeServer)));
        const QByteArray before = json(window.document()->data());
        const QString path = write(name, bytes);
        QVERIFY(!window.files()->openPath(path));
        QVERIFY2(window.files()->lastError().contains(path),
                 qPrintable(window.files()->lastError()));
        QCOMPARE(json(window.document()->data()), before);
        QCOMPARE(window.document()->path(),
                 QFileInfo(QString::fromUtf8(kThreeServer)).absoluteFilePath());
        QCOMPARE(readAll(path), bytes);
    }
    void unreadableDiagramLeavesTheOpenDesign_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("name");
        QTest::newRow("not a flowchart")
            << QByteArray("sequenceDiagram\n  A->>B: hi\n") << QStringLiteral("sequence.mmd");
        QTest::newRow("markdown without mermaid")
            << QByteArray("# Notes\n\nNo diagram here.\n") << QStringLiteral("notes.md");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage \x01", 13)
                                << QStringLiteral("garbage.mmd");
    }
};

QTEST_MAIN(TestExchange)
#include "tst_exchange.moc"
