// The package's desktop integration: AppStream metainfo and desktop entry accepted by their
// validators, a scalable icon, and `cmake --install` laying everything out where desktops look.
#include "enginetools.h"

#include <QDomDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace enginetools;

namespace {
const QString kPackaging = QStringLiteral(INFRASTAGE_SOURCE_DIR "/packaging/");
const QString kId = QStringLiteral("org.infrastage.Infrastage");
} // namespace

class TestPackaging final : public QObject {
    Q_OBJECT

private slots:
    void metainfoIsValidAppStream() {
        const QString appstreamcli = tool(QStringLiteral("appstreamcli"));
        if (appstreamcli.isEmpty())
            QSKIP("appstream is not installed");
        const Run r = run(appstreamcli, {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                         kPackaging + kId + QStringLiteral(".metainfo.xml")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QVERIFY2(!r.output.contains(QLatin1String("W: ")) &&
                     !r.output.contains(QLatin1String("E: ")),
                 qPrintable(r.output));
    }

    void desktopEntryIsValid() {
        const QByteArray entry = readAll(kPackaging + kId + QStringLiteral(".desktop"));
        QVERIFY(entry.contains("\nExec=infrastage"));
        QVERIFY(entry.contains("\nIcon=" + kId.toUtf8() + "\n"));
        const QString validate = tool(QStringLiteral("desktop-file-validate"));
        if (validate.isEmpty())
            QSKIP("desktop-file-utils is not installed");
        const Run r = run(validate, {kPackaging + kId + QStringLiteral(".desktop")});
        QVERIFY2(r.exitCode == 0 && !r.output.contains(QLatin1String("error")),
                 qPrintable(r.output));
    }

    void iconIsScalable() {
        QDomDocument svg;
        QVERIFY(svg.setContent(
            readAll(kPackaging + QStringLiteral("icons/") + kId + QStringLiteral(".svg"))));
        QCOMPARE(svg.documentElement().tagName(), QStringLiteral("svg"));
        QVERIFY(!svg.documentElement().attribute(QStringLiteral("viewBox")).isEmpty());
    }

    void installLaysOutAStandardTree() {
        const QString cmake = tool(QStringLiteral("cmake"));
        if (cmake.isEmpty())
            QSKIP("cmake is not installed");
        const QString build = QFileInfo(qEnvironmentVariable("INFRASTAGE_BIN_DIR")).absolutePath();
        QTemporaryDir prefix;
        const Run r = run(
            cmake, {QStringLiteral("--install"), build, QStringLiteral("--prefix"), prefix.path()},
            QString(), 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        for (const QString &f :
             {QStringLiteral("bin/infrastage-cli"), QStringLiteral("bin/infrastage-node"),
              QStringLiteral("share/applications/") + kId + QStringLiteral(".desktop"),
              QStringLiteral("share/metainfo/") + kId + QStringLiteral(".metainfo.xml"),
              QStringLiteral("share/icons/hicolor/scalable/apps/") + kId + QStringLiteral(".svg"),
              QStringLiteral("share/infrastage/examples/three-server.infra.json"),
              QStringLiteral("share/infrastage/examples/rubrics/three-server.rubric"),
              QStringLiteral("share/infrastage/site/index.html"),
              QStringLiteral("share/doc/infrastage/user-guide.md")})
            QVERIFY2(QFile::exists(prefix.filePath(f)), qPrintable(f));
        // The installed CLI runs and reads an installed example.
        const Run version = run(prefix.filePath(QStringLiteral("bin/infrastage-cli")),
                                {QStringLiteral("--version")});
        QCOMPARE(version.output.trimmed(), QStringLiteral("infrastage-cli " INFRASTAGE_VERSION));
        // ... and grades against an installed rubric.
        const Run grade = run(
            prefix.filePath(QStringLiteral("bin/infrastage-cli")),
            {QStringLiteral("grade"),
             prefix.filePath(QStringLiteral("share/infrastage/examples/three-server.infra.json")),
             QStringLiteral("--exercise"), QStringLiteral("three-server"),
             QStringLiteral("--no-run")});
        QVERIFY2(grade.exitCode == 0 && grade.output.contains(QStringLiteral("16/16")),
                 qPrintable(grade.output));
        // ... and exports the installed site beside the configurations.
        const QString out = prefix.filePath(QStringLiteral("exported"));
        const Run exported = run(
            prefix.filePath(QStringLiteral("bin/infrastage-cli")),
            {QStringLiteral("export"),
             prefix.filePath(QStringLiteral("share/infrastage/examples/three-server.infra.json")),
             QStringLiteral("--format"), QStringLiteral("configs"), QStringLiteral("-o"), out});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.output));
        QCOMPARE(readAll(out + QStringLiteral("/site/index.html")),
                 readAll(prefix.filePath(QStringLiteral("share/infrastage/site/index.html"))));
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"
