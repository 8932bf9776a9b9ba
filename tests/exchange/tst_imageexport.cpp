// PNG, SVG and PDF exports through the command line, headless (QT_QPA_PLATFORM=offscreen):
// every example in every image format, read back as an image, as SVG XML and as a PDF page.
#include "enginetools.h"

#include <QDomDocument>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace enginetools;

class TestImageExport final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString exportAs(const QString &example, const QString &suffix, const QStringList &extra = {}) {
        const QString out = m_dir.filePath(exampleName(example) + extra.join(QString()) +
                                           QLatin1Char('.') + suffix);
        const Run r =
            run(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli"),
                QStringList{QStringLiteral("export"), example, QStringLiteral("-o"), out} + extra);
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
    void pngFollowsTheScale_data() { examples_data(); }
    void pngFollowsTheScale() {
        QFETCH(QString, example);
        const QImage one(exportAs(example, QStringLiteral("png")));
        const QImage two(exportAs(example, QStringLiteral("png"),
                                  {QStringLiteral("--scale"), QStringLiteral("2")}));
        QVERIFY(!one.isNull() && !two.isNull());
        QVERIFY(one.width() > 200 && one.height() > 100);
        QVERIFY(qAbs(two.width() - 2 * one.width()) <= 2);
        QVERIFY(qAbs(two.height() - 2 * one.height()) <= 2);
        // Not a blank page: the canvas draws boxes in more than a handful of colours.
        QSet<QRgb> colours;
        for (int y = 0; y < one.height(); y += 7)
            for (int x = 0; x < one.width(); x += 7)
                colours.insert(one.pixel(x, y));
        QVERIFY(colours.size() > 10);
    }

    void svgIsVectorWithTheNames_data() { examples_data(); }
    void svgIsVectorWithTheNames() {
        QFETCH(QString, example);
        const QString file = exportAs(example, QStringLiteral("svg"));
        QVERIFY(!file.isEmpty());
        QDomDocument svg;
        QVERIFY(svg.setContent(readAll(file)));
        QCOMPARE(svg.documentElement().tagName(), QStringLiteral("svg"));
        QVERIFY(!svg.documentElement().attribute(QStringLiteral("viewBox")).isEmpty());
        QString text;
        const QDomNodeList texts = svg.elementsByTagName(QStringLiteral("text"));
        for (int i = 0; i < texts.size(); ++i)
            text += texts.at(i).toElement().text() + QLatin1Char('\n');
        infrastage::TopologyData t;
        QString error;
        QVERIFY(infrastage::TopologyFile::load(example, &t, &error));
        for (const infrastage::Node &n : t.nodes()) {
            // Server names are drawn as text (long ones elided, so their start is compared).
            if (n.kind == infrastage::NodeKind::Server)
                QVERIFY2(text.contains(n.name.left(8)), qPrintable(n.name));
        }
    }

    void pdfIsOnePage_data() { examples_data(); }
    void pdfIsOnePage() {
        QFETCH(QString, example);
        const QByteArray pdf = readAll(exportAs(example, QStringLiteral("pdf")));
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page "), 1);
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    }
};

QTEST_GUILESS_MAIN(TestImageExport)
#include "tst_imageexport.moc"
