// infrastage-cli chaos on the reference design: the load balancer and the primary database are
// measured single points of failure (the primary for writes), either server alone is not one
// for reads, and each measurement sits beside the static analysis's finding.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

class TestChaos final : public QObject {
    Q_OBJECT

private slots:
    void threeServerSpofTable();
};

void TestChaos::threeServerSpofTable() {
    const QDir bin(qEnvironmentVariable("INFRASTAGE_BIN_DIR"));
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("INFRASTAGE_NODE"), bin.filePath(QStringLiteral("infrastage-node")));
    cli.setProcessEnvironment(env);
    cli.start(bin.filePath(QStringLiteral("infrastage-cli")),
              {QStringLiteral("chaos"),
               QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
               QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--seconds"),
               QStringLiteral("1")});
    QVERIFY(cli.waitForFinished(240000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonArray rows = QJsonDocument::fromJson(cli.readAllStandardOutput()).array();
    QMap<QString, QJsonObject> byNode;
    for (const QJsonValue &v : rows)
        byNode.insert(v.toObject().value(QLatin1String("node")).toString(), v.toObject());
    const QByteArray problems = cli.readAllStandardError();
    QVERIFY2(byNode.size() >= 8, problems.constData());
    const auto read = [&](const char *n) {
        return byNode.value(QLatin1String(n)).value(QLatin1String("read")).toDouble(-1);
    };
    const auto write = [&](const char *n) {
        return byNode.value(QLatin1String(n)).value(QLatin1String("write")).toDouble(-1);
    };
    const QByteArray why = QJsonDocument(byNode.value(QStringLiteral("lb"))).toJson() + problems;
    QVERIFY2(read("lb") >= 0 && write("lb") >= 0, why.constData()); // measured
    QVERIFY2(read("lb") < 0.5 && write("lb") < 0.5, why.constData());
    QVERIFY(write("server-1-db") < 0.5);
    QVERIFY(read("server-1") >= 0.5);
    QVERIFY(read("server-2") >= 0.5);
    QVERIFY(write("server-2") >= 0.5); // the replica's server is not on the write path
    QVERIFY(byNode.value(QStringLiteral("lb"))
                .value(QLatin1String("static_spof"))
                .toArray()
                .contains(QStringLiteral("spof.load-balancer")));
}

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
