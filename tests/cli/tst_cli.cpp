// infrastage-cli as a user runs it: output formats and exit codes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result cli(const QStringList &args) {
    QProcess p;
    p.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli"), args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString example(const char *name) {
    return QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json").arg(QLatin1String(name));
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textForPeople() {
        const Result r = cli({QStringLiteral("check"), example("three-server")});
        QCOMPARE(r.exitCode, 1); // the reference design has single points of failure
        QVERIFY(r.out.contains("error: The load balancer HAProxy Load Balancer (lb) is a single "
                               "point of failure [spof.load-balancer]"));
        QVERIFY(r.out.contains("  fix: "));
        QVERIFY(r.out.contains("three-server.infra.json: 3 errors"));
    }

    void jsonForPrograms() {
        const Result r = cli({QStringLiteral("check"), example("three-server"),
                              QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray findings = doc.object().value(QLatin1String("findings")).toArray();
        QVERIFY(findings.size() >= 9);
        QStringList rules;
        for (const QJsonValue &v : findings) {
            const QJsonObject f = v.toObject();
            for (const char *key : {"rule", "category", "severity", "title", "explanation", "fix"})
                QVERIFY2(f.value(QLatin1String(key)).isString(), key);
            QVERIFY(f.value(QLatin1String("nodes")).isArray());
            rules.append(f.value(QLatin1String("rule")).toString());
        }
        QVERIFY(rules.contains(QStringLiteral("spof.primary-database")));
        QVERIFY(rules.contains(QStringLiteral("security.no-https")));
    }

    void sarifForCodeScanning() {
        const Result r = cli(
            {QStringLiteral("check"), example("three-server"), QStringLiteral("--format=sarif")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root.value(QLatin1String("version")).toString(), QStringLiteral("2.1.0"));
        const QJsonObject run = root.value(QLatin1String("runs")).toArray().first().toObject();
        const QJsonObject driver =
            run.value(QLatin1String("tool")).toObject().value(QLatin1String("driver")).toObject();
        QCOMPARE(driver.value(QLatin1String("name")).toString(), QStringLiteral("infrastage"));
        const QJsonArray rules = driver.value(QLatin1String("rules")).toArray();
        const QJsonArray results = run.value(QLatin1String("results")).toArray();
        QVERIFY(!results.isEmpty());
        for (const QJsonValue &v : results) {
            const QJsonObject res = v.toObject();
            const int index = res.value(QLatin1String("ruleIndex")).toInt(-1);
            QVERIFY(index >= 0 && index < rules.size());
            QCOMPARE(rules.at(index).toObject().value(QLatin1String("id")).toString(),
                     res.value(QLatin1String("ruleId")).toString());
            QVERIFY(QStringList({QStringLiteral("error"), QStringLiteral("warning"),
                                 QStringLiteral("note")})
                        .contains(res.value(QLatin1String("level")).toString()));
            QVERIFY(!res.value(QLatin1String("message"))
                         .toObject()
                         .value(QLatin1String("text"))
                         .toString()
                         .isEmpty());
        }
    }

    void exitZeroWithoutErrors() {
        const Result r = cli({QStringLiteral("check"), example("scale-up")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("0 errors"));
    }

    void badInputExitsTwoWithTheReasonOnStderr() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.infra.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\":\"infrastage-topology\",\"version\":1,\"nodes\":[{\"id\":\"x\","
                "\"kind\":\"toaster\"}]}");
        f.close();
        Result r = cli({QStringLiteral("check"), bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("unknown kind 'toaster'"), r.err.constData());
        r = cli({QStringLiteral("check"), dir.filePath(QStringLiteral("missing.infra.json"))});
        QCOMPARE(r.exitCode, 2);
        r = cli({QStringLiteral("check"), example("three-server"), QStringLiteral("--format"),
                 QStringLiteral("xml")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown format"));
        r = cli({QStringLiteral("check")});
        QCOMPARE(r.exitCode, 2);
        r = cli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
    }

    void convertRoundTrip() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("p.infrastage"));
        const QString back = dir.filePath(QStringLiteral("back.infra.json"));
        QCOMPARE(cli({QStringLiteral("convert"), example("secured-monitored"), project}).exitCode,
                 0);
        QCOMPARE(cli({QStringLiteral("convert"), project, back}).exitCode, 0);
        QFile a(example("secured-monitored")), b(back);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        // The project file can be checked directly.
        QCOMPARE(cli({QStringLiteral("check"), project}).exitCode, 1);
    }

    void helpListsCommands() {
        const Result r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("check FILE"));
    }

    void helpOfOneCommand() {
        // Both spellings print that command's usage alone, on stdout, and succeed.
        for (const QStringList &args : {QStringList{"help", "grade"},
                                        QStringList{"grade", "--help"}, QStringList{"run", "-h"}}) {
            const Result r = cli(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(args.contains("run") ? "run FILE" : "grade ANSWER"), r.out);
            QVERIFY2(!r.out.contains("check FILE"), r.out);
        }
        const Result unknown = cli({QStringLiteral("help"), QStringLiteral("nope")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command 'nope'"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
