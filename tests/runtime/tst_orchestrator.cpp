// The orchestrator with real processes, on a topology whose only process is the DNS server:
// start, node lines, events and their recording, crash detection, faults, port clashes, a second
// run on the same addresses, stop.
#include "dnsmessage.h"
#include "orchestrator.h"
#include "recorder.h"

#include "io/topologyfile.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

#include <csignal>
#include <sqlite3.h>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

Fault fault(FaultKind kind, const QString &node) {
    Fault f;
    f.kind = kind;
    f.node = node;
    return f;
}

const char *kTopology = R"({
  "format": "infrastage-topology", "version": 1, "name": "dns only",
  "nodes": [
    {"id": "dns", "kind": "dns", "name": "DNS", "properties": {"ip": "8.8.4.4", "port": 53}},
    {"id": "web-host", "kind": "server", "name": "Web host", "properties": {"ip": "192.168.1.10"}}
  ],
  "links": [
    {"id": "rec", "kind": "dns_record", "from": "dns", "to": "web-host",
     "properties": {"name": "www.foobar.com", "type": "A", "ttl": 300, "value": ""}}
  ]})";

} // namespace

class TestOrchestrator final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TopologyData m_topology;

    Orchestrator::Options options(const QString &sub,
                                  AddressPlan::Mode mode = AddressPlan::Mode::Auto) {
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(sub);
        o.addressMode = mode;
        o.stopGraceMs = 1000;
        return o;
    }

    static bool ask(const QString &address, int port, const QByteArray &name, dns::Response *r,
                    int timeoutMs = 3000) {
        QUdpSocket s;
        s.writeDatagram(dns::buildQuery(77, name, dns::TypeA), QHostAddress(address),
                        quint16(port));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            QCoreApplication::processEvents();
            if (!s.hasPendingDatagrams() && !s.waitForReadyRead(20))
                continue;
            QString why;
            if (dns::parseResponse(s.receiveDatagram().data(), r, &why))
                return true;
        }
        return false;
    }

    static void startAndWait(Orchestrator &o, const TopologyData &t) {
        QSignalSpy started(&o, &Orchestrator::started);
        QString error;
        QVERIFY2(o.start(t, &error), qPrintable(error));
        QCOMPARE(o.state(), RuntimeState::Starting);
        QVERIFY(started.wait(15000));
        QCOMPARE(o.state(), RuntimeState::Running);
    }

    static void stopAndWait(Orchestrator &o) {
        QSignalSpy stopped(&o, &Orchestrator::stopped);
        o.stop();
        QCOMPARE(o.state(), RuntimeState::Stopping);
        QVERIFY(stopped.wait(10000));
        QCOMPARE(o.state(), RuntimeState::Stopped);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QFile f(m_dir.filePath("dns.infra.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTopology);
        f.close();
        QString error;
        QVERIFY2(TopologyFile::load(f.fileName(), &m_topology, &error), qPrintable(error));
    }

    void runsRecordsAndStops() {
        Orchestrator o;
        o.setOptions(options("run1"));
        QList<RuntimeState> states;
        connect(&o, &Orchestrator::stateChanged, this, [&](RuntimeState s) { states.append(s); });
        QList<RuntimeEvent> events;
        connect(&o, &Orchestrator::event, this, [&](const RuntimeEvent &e) { events.append(e); });
        startAndWait(o, m_topology);
        const QList<NodeInfo> nodes = o.nodes();
        QCOMPARE(nodes.size(), 1);
        QCOMPARE(nodes.at(0).node, QStringLiteral("dns"));
        QCOMPARE(nodes.at(0).designAddress, QStringLiteral("8.8.4.4"));
        QVERIFY(nodes.at(0).pid > 0);
        QVERIFY(nodes.at(0).address.startsWith("127."));

        dns::Response r;
        QVERIFY(ask(nodes.at(0).address, nodes.at(0).port, "www.foobar.com", &r));
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("192.168.1.10")); // the design address
        QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(),
                                [](const RuntimeEvent &e) { return e.kind == "dns.answer"; }));
        // The merged stream is in time order.
        for (int i = 1; i < events.size(); ++i)
            QVERIFY(events.at(i - 1).t <= events.at(i).t);

        const QString runDir = o.runDirectory();
        QVERIFY(QFile::exists(runDir + "/configs/dns.json"));
        QVERIFY(QFile::exists(runDir + "/logs/dns.log"));
        stopAndWait(o);
        QCOMPARE(states, (QList<RuntimeState>{RuntimeState::Starting, RuntimeState::Running,
                                              RuntimeState::Stopping, RuntimeState::Stopped}));
        QCOMPARE(o.node("dns").state, NodeState::Stopped);

        // Everything the stream carried is in the recorder's database.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open((runDir + "/events.sqlite").toUtf8().constData(), &db), SQLITE_OK);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db,
                           "SELECT count(*), sum(kind = 'dns.answer'), "
                           "(SELECT ended_at IS NOT NULL FROM runs) FROM run_events",
                           -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), int(events.size()));
        QVERIFY(sqlite3_column_int(st, 1) >= 1);
        QCOMPARE(sqlite3_column_int(st, 2), 1);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }

    void detectsACrashAndRestarts() {
        Orchestrator o;
        Orchestrator::Options opts = options("run2");
        opts.restartOnCrash = true;
        o.setOptions(opts);
        startAndWait(o, m_topology);
        const qint64 pid = o.node("dns").pid;
        QSignalSpy nodeStates(&o, &Orchestrator::nodeStateChanged);
        QElapsedTimer t;
        t.start();
        ::kill(pid_t(pid), SIGSEGV);
        QTRY_VERIFY_WITH_TIMEOUT(!nodeStates.isEmpty(), 5000);
        qInfo("crash reported after %lld ms", t.elapsed());
        QCOMPARE(nodeStates.first().at(1).value<NodeState>(), NodeState::Failed);
        // Supervision restarts it, and it answers again.
        QTRY_VERIFY_WITH_TIMEOUT(
            o.node("dns").state == NodeState::Running && o.node("dns").pid != pid, 10000);
        dns::Response r;
        QVERIFY(ask(o.node("dns").address, o.node("dns").port, "www.foobar.com", &r));
        QCOMPARE(o.state(), RuntimeState::Running);
        stopAndWait(o);
    }

    void faults() {
        Orchestrator o;
        o.setOptions(options("run3"));
        startAndWait(o, m_topology);
        const NodeInfo n = o.node("dns");
        dns::Response r;
        QString error;

        QVERIFY2(o.inject(fault(FaultKind::Freeze, "dns"), &error), qPrintable(error));
        QCOMPARE(o.node("dns").state, NodeState::Frozen);
        QVERIFY(!ask(n.address, n.port, "www.foobar.com", &r, 400));
        QVERIFY(o.inject(fault(FaultKind::Resume, "dns"), &error));
        QVERIFY(ask(n.address, n.port, "www.foobar.com", &r));

        Fault slow = fault(FaultKind::Slow, "dns");
        slow.ms = 300;
        bool applied = false;
        const auto watch = connect(&o, &Orchestrator::event, this, [&](const RuntimeEvent &e) {
            applied |=
                e.node == QLatin1String("dns") && e.kind == QLatin1String("control.applied") &&
                e.details.value(QLatin1String("command")).toObject().value("ms").toInt() == 300;
        });
        QVERIFY(o.inject(slow, &error));
        // The command travels by the node's stdin and a query by UDP, so a query may overtake
        // it: measure once the node says it applied it. From then on no answer comes sooner
        // (a coarse timer may fire up to 5 % early, hence 280).
        QTRY_VERIFY_WITH_TIMEOUT(applied, 10000);
        disconnect(watch);
        QElapsedTimer t;
        t.start();
        QVERIFY(ask(n.address, n.port, "www.foobar.com", &r));
        QVERIFY2(t.elapsed() >= 280, qPrintable(QString::number(t.elapsed())));
        slow.ms = 0;
        QVERIFY(o.inject(slow, &error));

        QVERIFY(!o.inject(fault(FaultKind::Promote, "dns"), &error));
        QVERIFY(error.contains("only databases"));
        QVERIFY(!o.inject(fault(FaultKind::Kill, "nope"), &error));

        QVERIFY(o.inject(fault(FaultKind::Kill, "dns"), &error));
        QTRY_COMPARE(o.node("dns").state, NodeState::Failed);
        QVERIFY(!ask(n.address, n.port, "www.foobar.com", &r, 300));
        QVERIFY(o.inject(fault(FaultKind::Restart, "dns"), &error));
        QTRY_COMPARE_WITH_TIMEOUT(o.node("dns").state, NodeState::Running, 10000);
        QCOMPARE(o.node("dns").port, n.port); // back on the same address and port
        QVERIFY(ask(n.address, n.port, "www.foobar.com", &r));

        // Restart of a live node: stopped, then started again.
        const qint64 pid = o.node("dns").pid;
        QVERIFY(o.inject(fault(FaultKind::Restart, "dns"), &error));
        QTRY_VERIFY_WITH_TIMEOUT(
            o.node("dns").state == NodeState::Running && o.node("dns").pid != pid, 10000);
        stopAndWait(o);
    }

    void portClashMovesToAnotherPortAndLeavesTheOtherProgramAlone() {
        // Another program holds the planned DNS port on the shared address.
        QUdpSocket squatter;
        const AddressPlan plan = AddressPlan::derive(m_topology, AddressPlan::Mode::SharedOne);
        QVERIFY(squatter.bind(QHostAddress(plan.endpoint("dns")->address),
                              quint16(plan.endpoint("dns")->port)));
        Orchestrator o;
        o.setOptions(options("run4", AddressPlan::Mode::SharedOne));
        QList<RuntimeEvent> events;
        connect(&o, &Orchestrator::event, this, [&](const RuntimeEvent &e) { events.append(e); });
        startAndWait(o, m_topology);
        QVERIFY(o.node("dns").port != plan.endpoint("dns")->port);
        QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const RuntimeEvent &e) {
            return e.kind == "runtime.port_changed";
        }));
        dns::Response r;
        QVERIFY(ask(o.node("dns").address, o.node("dns").port, "www.foobar.com", &r));
        QCOMPARE(squatter.state(), QAbstractSocket::BoundState);
        stopAndWait(o);
    }

    void failedStartIsReportedAndCleanedUp() {
        TopologyData bad = m_topology;
        Link rec = *bad.link("rec");
        rec.properties.insert("value", "not-an-address");
        bad.replaceLink(rec);
        Orchestrator o;
        o.setOptions(options("run5"));
        QSignalSpy failed(&o, &Orchestrator::startFailed);
        QString error;
        QVERIFY(o.start(bad, &error));
        QVERIFY(failed.wait(15000));
        QCOMPARE(o.state(), RuntimeState::Failed);
        const QString reason = failed.first().at(0).toString();
        QVERIFY2(reason.contains("dns") && reason.contains("not-an-address"), qPrintable(reason));
        // A failed run can be started again.
        startAndWait(o, m_topology);
        stopAndWait(o);
    }

    // Two runs of designs sharing an address would take each other's ports (addresslease.h): the
    // second is refused, told which run has the address, and starts once that run has stopped.
    void aSecondRunOnTheSameAddressesIsRefusedUntilTheFirstStops() {
        Orchestrator first;
        first.setOptions(options("run7"));
        startAndWait(first, m_topology);
        Orchestrator second;
        second.setOptions(options("run8"));
        qunsetenv("INFRASTAGE_LEASE_WAIT"); // refused at once, as a user is
        QString error;
        QVERIFY(!second.start(m_topology, &error));
        QVERIFY2(error.contains("8.8.4.4 (here 127.8.4.4) is in use by another running design") &&
                     error.contains("\"dns only\"") && error.contains(first.runDirectory()),
                 qPrintable(error));
        QCOMPARE(second.state(), RuntimeState::Stopped);
        QVERIFY(second.nodes().isEmpty() || second.nodes().at(0).pid <= 0);
        // The first run is untouched.
        dns::Response r;
        QVERIFY(ask(first.nodes().at(0).address, first.nodes().at(0).port, "www.foobar.com", &r));
        // Everything on 127.0.0.1 (--shared-address) is not leased: its nodes take free ports.
        Orchestrator shared;
        shared.setOptions(options("run9", AddressPlan::Mode::SharedOne));
        startAndWait(shared, m_topology);
        stopAndWait(shared);
        stopAndWait(first);
        startAndWait(second, m_topology);
        stopAndWait(second);
    }

    void nothingToRunIsAnError() {
        TopologyData empty;
        Orchestrator o;
        o.setOptions(options("run6"));
        QString error;
        QVERIFY(!o.start(empty, &error));
        QVERIFY(error.contains("nothing to run"));
        QCOMPARE(o.state(), RuntimeState::Stopped);
    }
};

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "tst_orchestrator.moc"
