// `infrastage-cli import` as a teacher runs it on student answers: a design is written (exit 0)
// whenever one can be made, with what was filled in on stderr and, with --explain, why each
// node got its kind on stdout; non-zero only when nothing usable is in the file.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result importCommand(const QStringList &args) {
    QProcess p;
    p.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli"),
            QStringList{QStringLiteral("import")} + args);
    Result r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestImportCommand final : public QObject {
    Q_OBJECT

private slots:
    void explainsAndSaysWhatItFilledIn() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("a.infra.json"));
        const Result r = importCommand(
            {QStringLiteral(INFRASTAGE_SOURCE_DIR "/tests/exchange/data/corpus/secured-05.mmd"),
             QStringLiteral("-o"), out, QStringLiteral("--explain")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(out));
        QVERIFY2(r.out.contains(QLatin1String("LoadBalancer: a load balancer (")),
                 qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("filled in: 'Firewall 1' has no design IP")),
                 qPrintable(r.err));
        // The design it wrote passes `check`'s validation.
        QProcess check;
        check.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli"),
                    {QStringLiteral("check"), out});
        QVERIFY(check.waitForFinished(60000));
        QVERIFY2(check.exitCode() != 2, check.readAllStandardError().constData());
    }

    void nothingUsableIsAnError_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("sequence diagram") << QByteArray("sequenceDiagram\n  A->>B: hi\n");
        QTest::newRow("noise") << QByteArray("\x00\x01\xff garbage", 12);
        QTest::newRow("markdown without a diagram") << QByteArray("# Answer\n\nNo diagram.\n");
    }
    void nothingUsableIsAnError() {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        QFile in(dir.filePath(QStringLiteral("answer.md")));
        QVERIFY(in.open(QIODevice::WriteOnly));
        in.write(bytes);
        in.close();
        const QString out = dir.filePath(QStringLiteral("out.infra.json"));
        const Result r = importCommand({in.fileName(), QStringLiteral("-o"), out});
        QVERIFY(r.exitCode != 0);
        QVERIFY(!QFile::exists(out));
        QVERIFY2(r.err.contains(QLatin1String("nothing could be imported")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_importcommand.moc"
