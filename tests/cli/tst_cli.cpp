// infrastage-cli as a user runs it: output formats and exit codes; `fix` applied to a copy of an
// example, checked by `check`; bad input refused with what and where.
#include <QFile>
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

// `check --format json`: each finding as "rule (node, node, ...)", as `fix` names the one it fixed.
QStringList findingsOf(const QString &file) {
    const Result r =
        cli({QStringLiteral("check"), file, QStringLiteral("--format"), QStringLiteral("json")});
    QStringList out;
    const QJsonArray findings =
        QJsonDocument::fromJson(r.out).object().value(QLatin1String("findings")).toArray();
    for (const QJsonValue &v : findings) {
        const QJsonObject f = v.toObject();
        QStringList nodes;
        for (const QJsonValue &n : f.value(QLatin1String("nodes")).toArray())
            nodes.append(n.toString());
        out.append(QStringLiteral("%1 (%2)").arg(f.value(QLatin1String("rule")).toString(),
                                                 nodes.join(QStringLiteral(", "))));
    }
    return out;
}

// A copy of an example with one node's property changed, written to `dir`.
QString exampleWith(const QTemporaryDir &dir, const char *name, const QString &node,
                    const QString &property, const QJsonValue &value) {
    QFile in(example(name));
    if (!in.open(QIODevice::ReadOnly))
        return QString();
    QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
    QJsonArray nodes = root.value(QLatin1String("nodes")).toArray();
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        QJsonObject n = nodes.at(i).toObject();
        if (n.value(QLatin1String("id")).toString() != node)
            continue;
        QJsonObject props = n.value(QLatin1String("properties")).toObject();
        props.insert(property, value);
        n.insert(QStringLiteral("properties"), props);
        nodes.replace(i, n);
    }
    root.insert(QStringLiteral("nodes"), nodes);
    const QString path = dir.filePath(QStringLiteral("%1-%2.infra.json").arg(name, property));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return QString();
    out.write(QJsonDocument(root).toJson());
    return path;
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

    void fixIsAppliedToACopyAndCheckAgrees_data() {
        QTest::addColumn<QString>("design");
        QTest::addColumn<QString>("fix");
        for (const char *fix : {"add-firewall", "add-lb-pair", "enable-https", "add-monitoring",
                                "enable-failover", "add-second-link"})
            QTest::newRow(fix) << QStringLiteral("three-server") << QString::fromLatin1(fix);
        QTest::newRow("second ISP link")
            << QStringLiteral("secured-monitored") << QStringLiteral("add-second-link");
    }

    void fixIsAppliedToACopyAndCheckAgrees() {
        QFETCH(QString, design);
        QFETCH(QString, fix);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("copy.infra.json"));
        const QString out = dir.filePath(QStringLiteral("fixed.infra.json"));
        QVERIFY(QFile::copy(example(qPrintable(design)), copy));
        const QStringList before = findingsOf(copy);
        const Result r = cli({QStringLiteral("fix"), copy, fix, QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        // "spof.load-balancer: Add a second load balancer (active-passive) (lb)": the finding
        // it was applied to, in check's words.
        const QString line = QString::fromUtf8(r.out).trimmed();
        const qsizetype colon = line.indexOf(QLatin1String(": "));
        const qsizetype open = line.lastIndexOf(QLatin1String(" ("));
        QVERIFY2(colon > 0 && open > colon, qPrintable(line));
        const QString fixed = line.left(colon) + line.mid(open);
        QVERIFY2(before.contains(fixed),
                 qPrintable(fixed + QLatin1String(" not in ") + before.join(QStringLiteral("; "))));
        const QStringList after = findingsOf(out);
        QVERIFY2(!after.isEmpty(), "check could not read the fixed design");
        QVERIFY2(!after.contains(fixed), qPrintable(fixed));
        QVERIFY2(!after.join(QLatin1Char(' ')).contains(QLatin1String("consistency.model")),
                 qPrintable(after.join(QStringLiteral("; "))));
        // The copy itself is untouched: the result goes to -o only.
        QCOMPARE(findingsOf(copy), before);
    }

    // --all: every finding offering the fix, each fixed once, on the design as the fixes before
    // it left it. add-firewall on three-server: both exposed databases and the open entry.
    void fixAllAppliesItWhereverItIsOffered() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("fixed.infra.json"));
        const QStringList before = findingsOf(example("three-server"));
        const Result r =
            cli({QStringLiteral("fix"), example("three-server"), QStringLiteral("add-firewall"),
                 QStringLiteral("--all"), QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = QString::fromUtf8(r.out).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.first().startsWith(QLatin1String("security.database-exposed: ")),
                 r.out.constData());
        const QStringList after = findingsOf(out);
        QVERIFY2(!after.isEmpty(), "check could not read the fixed design");
        for (const QString &f : after) {
            QVERIFY2(!f.startsWith(QLatin1String("security.database-exposed")) &&
                         !f.startsWith(QLatin1String("security.no-firewall")),
                     qPrintable(after.join(QStringLiteral("; "))));
        }
        // The findings the fix is not for are still there.
        for (const char *rule : {"spof.load-balancer (lb)", "security.no-https (lb)"}) {
            QVERIFY(before.contains(QLatin1String(rule)));
            QVERIFY2(after.contains(QLatin1String(rule)), rule);
        }
        // --all and --target together are refused.
        QCOMPARE(
            cli({QStringLiteral("fix"), example("three-server"), QStringLiteral("add-firewall"),
                 QStringLiteral("--all"), QStringLiteral("--target"), QStringLiteral("server-1"),
                 QStringLiteral("-o"), out})
                .exitCode,
            2);
    }

    void fixRefusesWhatItCannotDo() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.infra.json"));
        Result r = cli({QStringLiteral("fix"), example("three-server"), QStringLiteral("add-magic"),
                        QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no fix 'add-magic' (fixes: add-lb-pair"), r.err.constData());
        // scale-up has its pair already: no finding offers the fix.
        r = cli({QStringLiteral("fix"), example("scale-up"), QStringLiteral("add-lb-pair"),
                 QStringLiteral("-o"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no finding of") && r.err.contains("offers 'add-lb-pair'"),
                 r.err.constData());
        r = cli({QStringLiteral("fix"), example("three-server"), QStringLiteral("add-lb-pair"),
                 QStringLiteral("--target"), QStringLiteral("server-1"), QStringLiteral("-o"),
                 out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("for server-1"));
        QVERIFY(!QFile::exists(out));
        r = cli({QStringLiteral("fix"), example("three-server"), QStringLiteral("add-lb-pair")});
        QCOMPARE(r.exitCode, 2);
    }

    // Bad input in a design says what and where: a firewall rule naming an unknown node or port
    // is a finding of check (and the run refuses to start: tests/runtime/tst_firewall), an alert
    // threshold out of range and two pairs claiming one VIP make the file invalid.
    void badRulesThresholdsAndVipsAreNamed() {
        QTemporaryDir dir;
        const QString rule = exampleWith(
            dir, "secured-monitored", QStringLiteral("server-1-fw"), QStringLiteral("rules"),
            QStringLiteral("accept from server-9 port 3306; drop from lb port 3307"));
        Result r = cli({QStringLiteral("check"), rule});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("node 'server-1-fw', field 'rules': firewall 'Host firewall' "
                                "(server-1-fw), rule 1 'accept from server-9 port 3306': no "
                                "node 'server-9' in the design"),
                 r.out.constData());
        QVERIFY2(r.out.contains("rule 2 'drop from lb port 3307': nothing it protects listens "
                                "on port 3307"),
                 r.out.constData());

        const QString threshold =
            exampleWith(dir, "secured-monitored", QStringLiteral("monitoring"),
                        QStringLiteral("latency_p95"), -5);
        r = cli({QStringLiteral("check"), threshold});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("node 'monitoring', field 'latency_p95': -5 is out of range"),
                 r.err.constData());

        // lb-2 of scale-up balancing other servers than lb-1 is a second pair on 8.8.8.8.
        QFile in(example("scale-up"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray links;
        for (const QJsonValue &l : root.value(QLatin1String("links")).toArray()) {
            const QString id = l.toObject().value(QLatin1String("id")).toString();
            if (id != QLatin1String("lb-1-web-2") && id != QLatin1String("lb-2-web-1"))
                links.append(l);
        }
        root.insert(QStringLiteral("links"), links);
        const QString vip = dir.filePath(QStringLiteral("two-pairs.infra.json"));
        QFile out(vip);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(root).toJson());
        out.close();
        r = cli({QStringLiteral("check"), vip});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("node 'lb-2', field 'vip': virtual IP 8.8.8.8 is already claimed "
                                "by 'lb-1', which balance(s) other servers (web-1): two pairs "
                                "cannot share one VIP"),
                 r.err.constData());
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
