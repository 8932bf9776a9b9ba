// No orphans, ever: SIGKILL `infrastage-cli up` and no node process is alive a second later
// (PR_SET_PDEATHSIG in infrastage-node). SIGTERM stops everything cleanly with exit code 0.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {

// Addresses of its own: a run of the examples' (8.8.4.4, 192.168.1.10) at the same time would
// have them (runtime/addresslease.h).
const char *kTopology = R"({
  "format": "infrastage-topology", "version": 1, "name": "two dns",
  "nodes": [
    {"id": "ns1", "kind": "dns", "name": "NS 1", "properties": {"ip": "8.61.4.4", "port": 53}},
    {"id": "ns2", "kind": "dns", "name": "NS 2", "properties": {"ip": "8.61.4.5", "port": 53}},
    {"id": "host", "kind": "server", "name": "Host", "properties": {"ip": "192.168.61.10"}}
  ],
  "links": [
    {"id": "r1", "kind": "dns_record", "from": "ns1", "to": "host", "properties": {"name": "www.foobar.com"}},
    {"id": "r2", "kind": "dns_record", "from": "ns2", "to": "host", "properties": {"name": "www.foobar.com"}}
  ]})";

// Alive means: exists and is not a zombie waiting for a reaper.
bool alive(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close > 0 && s.size() > close + 2 && s.at(close + 2) != 'Z' && s.at(close + 2) != 'X';
}

} // namespace

class TestOrphans final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Starts `up` and returns the node pids from its node lines.
    QList<qint64> up(QProcess &cli, const QString &runDir) {
        cli.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-cli",
                  {"up", m_dir.filePath("topology.infra.json"), "--run-dir", runDir});
        QList<qint64> pids;
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (pids.size() < 2 && t.elapsed() < 20000) {
            cli.waitForReadyRead(200);
            out += cli.readAllStandardOutput();
            pids.clear();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.contains("node") && o.contains("pid"))
                    pids.append(o.value("pid").toInteger());
            }
        }
        return pids;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile f(m_dir.filePath("topology.infra.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTopology);
    }

    void sigkillOfTheParentLeavesNoNode() {
        QProcess cli;
        const QList<qint64> pids = up(cli, m_dir.filePath("run-kill"));
        QCOMPARE(pids.size(), 2);
        for (qint64 pid : pids)
            QVERIFY(alive(pid));
        ::kill(pid_t(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(5000));
        QTest::qWait(1000);
        for (qint64 pid : pids)
            QVERIFY2(!alive(pid),
                     qPrintable(QStringLiteral("node %1 outlived its parent").arg(pid)));
    }

    void sigtermStopsCleanly() {
        QProcess cli;
        const QList<qint64> pids = up(cli, m_dir.filePath("run-term"));
        QCOMPARE(pids.size(), 2);
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(10000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        for (qint64 pid : pids)
            QVERIFY(!alive(pid));
        // Per-node logs and configs stay in the run directory.
        QVERIFY(QFile::exists(m_dir.filePath("run-term/logs/ns1.log")));
        QVERIFY(QFile::exists(m_dir.filePath("run-term/configs/ns2.json")));
    }
};

QTEST_GUILESS_MAIN(TestOrphans)
#include "tst_orphans.moc"
