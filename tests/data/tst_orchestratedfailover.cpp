// Automatic failover as a topology option, end to end through the orchestrator: the reference
// design with auto_failover on its primary; the primary is killed; the replica is promoted, the
// applications are repointed, and a guestbook write through the load balancer works again.
#include "io/topologyfile.h"
#include "orchestrator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <ctime>

using namespace infrastage;
using namespace infrastage::runtime;

class TestOrchestratedFailover final : public QObject {
    Q_OBJECT

private slots:
    void primaryKilledReplicaPromoted();
};

namespace {

int post(const NodeInfo &lb, const QByteArray &message) {
    QTcpSocket s;
    s.connectToHost(lb.address, quint16(lb.port));
    if (!s.waitForConnected(3000))
        return 0;
    const QByteArray body = R"({"author":"test","message":")" + message + R"("})";
    s.write("POST /api/guestbook HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray all;
    while (s.waitForReadyRead(5000) || s.bytesAvailable())
        all += s.readAll();
    return all.mid(9, 3).toInt();
}

} // namespace

void TestOrchestratedFailover::primaryKilledReplicaPromoted() {
    TopologyData topology;
    QString error;
    QVERIFY2(TopologyFile::load(
                 QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                 &topology, &error),
             qPrintable(error));
    Node primary = *topology.node(QStringLiteral("server-1-db"));
    primary.properties.insert(QStringLiteral("auto_failover"), true);
    primary.properties.insert(QStringLiteral("failover_timeout"), 600);
    primary.properties.insert(QStringLiteral("fencing"), true);
    topology.replaceNode(primary);

    Orchestrator o;
    Orchestrator::Options options;
    options.nodeProgram = QDir(qEnvironmentVariable("INFRASTAGE_BIN_DIR"))
                              .filePath(QStringLiteral("infrastage-node"));
    options.record = false;
    o.setOptions(options);
    QList<RuntimeEvent> events;
    connect(&o, &Orchestrator::event, this, [&](const RuntimeEvent &e) { events.append(e); });
    auto seen = [&](const QString &node, const QString &kind) {
        for (const RuntimeEvent &e : events) {
            if (e.node == node && e.kind == kind)
                return true;
        }
        return false;
    };
    // What the databases and the failover said, and when (ms since the test began): printed when
    // the failover does not come (it failed once in the whole-suite x20 under stress -c 2).
    QElapsedTimer clock;
    clock.start();
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); // the events' clock
    const qint64 t0 = qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    auto explain = [&](const char *what) {
        qWarning("%s after %lld ms; the databases' events:", what, clock.elapsed());
        for (const RuntimeEvent &e : std::as_const(events)) {
            if (!e.node.endsWith(QLatin1String("-db")) && !e.kind.startsWith(QLatin1String("fail")))
                continue;
            const QByteArray json = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
            qWarning("%+9.1f ms %s", double(e.t - t0) / 1e6, json.left(600).constData());
        }
    };
    QSignalSpy started(&o, &Orchestrator::started);
    QVERIFY2(o.start(topology, &error), qPrintable(error));
    QVERIFY(started.wait(20000));
    qInfo("started after %lld ms", clock.elapsed());
    const NodeInfo lb = o.node(QStringLiteral("lb"));
    QCOMPARE(post(lb, "before"), 201);

    QVERIFY(o.inject(Fault{FaultKind::Kill, QStringLiteral("server-1-db"), {}, 0, 0.0}, &error));
    qInfo("killed after %lld ms", clock.elapsed());
    const bool done = QTest::qWaitFor(
        [&] { return seen(QStringLiteral("server-2-db"), QStringLiteral("failover.done")); },
        20000);
    if (!done)
        explain("no failover.done from server-2-db");
    QVERIFY(done);
    QVERIFY(seen(QStringLiteral("server-1-db"), QStringLiteral("failover.suspect")));
    QVERIFY(seen(QStringLiteral("server-2-db"), QStringLiteral("failover.promote")));
    QTRY_VERIFY_WITH_TIMEOUT(seen(QStringLiteral("server-2-db"), QStringLiteral("db.role")), 10000);
    // Both applications now write to the promoted replica: two posts cover both servers.
    QTRY_COMPARE_WITH_TIMEOUT(post(lb, "after-1"), 201, 10000);
    QCOMPARE(post(lb, "after-2"), 201);
    o.stop();
    QSignalSpy stopped(&o, &Orchestrator::stopped);
    QVERIFY(o.state() == RuntimeState::Stopped || stopped.wait(10000));
}

QTEST_GUILESS_MAIN(TestOrchestratedFailover)
#include "tst_orchestratedfailover.moc"
