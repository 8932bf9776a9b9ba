// `chaos` agrees with `check` on the examples with every fix applied (issue 11, section 7): on
// scale-up, killing the MASTER of the load-balancer pair, the primary database's server (with
// automatic failover), failing a standalone firewall or cutting one ISP link is no outage, as the
// analysis finds no single point of failure; on secured-monitored the load balancer, the edge
// firewall and the primary database are measured single points of failure, each beside its
// finding. One row per kind of element, one second of probes each: the whole tables are in the
// user guide (docs/user-guide.md, "Measured against the analysis"). The examples run at design
// addresses of their own.
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Rows {
    QMap<QString, QJsonObject> byElement;
    QByteArray err;
    int exitCode = -1;
};

// The example with design addresses of its own (a.b.c.d -> a.(b+m).(c+n).d), written to `dir`:
// other runs of the examples on this machine (other tests, other checkouts) use the planned
// loopback addresses, and a port freed by a kill could be taken by one of them and answer in
// the dead node's place.
QString shifted(const QTemporaryDir &dir, const char *example) {
    infrastage::TopologyData t;
    QString error;
    if (!infrastage::TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json")
                .arg(QLatin1String(example)),
            &t, &error))
        qFatal("%s", qPrintable(error));
    // Both middle octets move (others' tests move one of them): no run of theirs shares ours.
    const qint64 pid = QCoreApplication::applicationPid();
    const int second = 50 + int(pid % 50), third = 1 + int(pid % 199);
    const QList<infrastage::Node> nodes = t.nodes();
    for (infrastage::Node n : nodes) {
        for (const char *key : {"ip", "vip"}) {
            QStringList octets = n.text(QLatin1String(key)).split(QLatin1Char('.'));
            if (octets.size() != 4)
                continue;
            octets[1] = QString::number((octets[1].toInt() + second) % 256);
            octets[2] = QString::number((octets[2].toInt() + third) % 256);
            n.properties.insert(QLatin1String(key), octets.join(QLatin1Char('.')));
        }
        t.replaceNode(n);
    }
    const QString path = dir.filePath(QStringLiteral("%1.infra.json").arg(QLatin1String(example)));
    if (!infrastage::TopologyFile::save(path, t, &error))
        qFatal("%s", qPrintable(error));
    return path;
}

Rows chaos(const char *example, const QStringList &targets) {
    QTemporaryDir dir;
    const QDir bin(qEnvironmentVariable("INFRASTAGE_BIN_DIR"));
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("INFRASTAGE_NODE"), bin.filePath(QStringLiteral("infrastage-node")));
    cli.setProcessEnvironment(env);
    QStringList args{QStringLiteral("chaos"),     shifted(dir, example),
                     QStringLiteral("--format"),  QStringLiteral("json"),
                     QStringLiteral("--seconds"), QStringLiteral("1")};
    for (const QString &t : targets)
        args << QStringLiteral("--target") << t;
    cli.start(bin.filePath(QStringLiteral("infrastage-cli")), args);
    Rows rows;
    if (!cli.waitForFinished(150000)) {
        cli.kill();
        cli.waitForFinished();
    }
    rows.exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    rows.err = cli.readAllStandardError();
    for (const QJsonValue &v : QJsonDocument::fromJson(cli.readAllStandardOutput()).array())
        rows.byElement.insert(v.toObject().value(QLatin1String("node")).toString(), v.toObject());
    return rows;
}

QString describe(const QJsonObject &row) {
    return QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact));
}

} // namespace

class TestChaosAgreement final : public QObject {
    Q_OBJECT

private slots:
    void scaleUpHasNoSinglePointOfFailure() {
        const QStringList targets{QStringLiteral("lb-1"), QStringLiteral("db-1"),
                                  QStringLiteral("fw-1"), QStringLiteral("isp-a")};
        const Rows rows = chaos("scale-up", targets);
        QCOMPARE(rows.exitCode, 0);
        QVERIFY2(rows.byElement.size() == targets.size(), rows.err.constData());
        for (const QString &t : targets) {
            const QJsonObject row = rows.byElement.value(t);
            const QString text = describe(row) + QLatin1Char('\n') + QString::fromUtf8(rows.err);
            QVERIFY2(row.value(QLatin1String("agrees")).toBool(), qPrintable(text));
            QVERIFY2(row.value(QLatin1String("read")).toDouble() >= 0.5, qPrintable(text));
            QVERIFY2(row.value(QLatin1String("write")).toDouble() >= 0.5, qPrintable(text));
            QVERIFY(row.value(QLatin1String("static_spof")).toArray().isEmpty());
        }
        // The pair was measured through the BACKUP, once it held the VIP.
        QVERIFY2(rows.err.contains("lb-2 took the VIP over"), rows.err.constData());
        // A firewall runs no process: failing it cuts the internet links through it.
        QCOMPARE(rows.byElement.value(QStringLiteral("fw-1")).value(QLatin1String("failure")),
                 QJsonValue(QStringLiteral("cut")));
    }

    void securedMonitoredSpofsAreMeasured() {
        const Rows rows =
            chaos("secured-monitored",
                  {QStringLiteral("lb"), QStringLiteral("fw-edge"), QStringLiteral("server-1-db")});
        QCOMPARE(rows.exitCode, 0);
        QVERIFY2(rows.byElement.size() == 3, rows.err.constData());
        const QMap<QString, QString> rules{
            {QStringLiteral("lb"), "spof.load-balancer"},
            {QStringLiteral("fw-edge"), "spof.firewall"},
            {QStringLiteral("server-1-db"), "spof.primary-database"}};
        for (auto it = rules.cbegin(); it != rules.cend(); ++it) {
            const QJsonObject row = rows.byElement.value(it.key());
            const QString text = describe(row) + QLatin1Char('\n') + QString::fromUtf8(rows.err);
            QVERIFY2(row.value(QLatin1String("agrees")).toBool(), qPrintable(text));
            QVERIFY2(row.value(QLatin1String("static_spof")).toArray().contains(it.value()),
                     qPrintable(text));
            QVERIFY2(row.value(QLatin1String("write")).toDouble() < 0.5, qPrintable(text));
        }
    }

    void aNodeWithoutAProcessIsRefused() {
        const Rows rows = chaos("secured-monitored", {QStringLiteral("user")});
        QCOMPARE(rows.exitCode, 2);
        QVERIFY2(rows.err.contains("--target user: user is a client that runs no process"),
                 rows.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestChaosAgreement)
#include "tst_chaosagreement.moc"
