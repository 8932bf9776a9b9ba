// A load-balancer pair sharing a virtual IP, on real processes: the reference design with the
// "add-lb-pair" fix applied (HTTP only), light load through the VIP. Killing the MASTER is an
// outage of about 3 x advert_int + skew, then requests go on through the BACKUP (vrrp.state);
// the old MASTER started again takes the VIP back (preempt) by a release, then a bind; a frozen
// MASTER keeps its socket, so the BACKUP's claim fails until it wakes and wins again. Without
// the pair, killing the load balancer is a total outage. `chaos` measures the pair after the
// takeover: killing one of its load balancers is no outage.
#include "chaosrun.h"
#include "orchestrator.h"

#include "analysis/finding.h"
#include "events/eventkind.h"
#include "fixes/fixes.h"
#include "io/topologyfile.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>
#include <memory>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

constexpr int kStartMs = 30000;
constexpr QLatin1String kReadRequest{
    "GET /api/guestbook HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n"};

Fault fault(FaultKind kind, const QString &node) {
    Fault f;
    f.kind = kind;
    f.node = node;
    return f;
}

TopologyData referenceDesign(bool pair) {
    TopologyData t;
    QString error;
    if (!TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"), &t, &error))
        qFatal("%s", qPrintable(error));
    // An address of its own: a port freed by a kill is not taken by another test's run of the
    // reference design (8.8.8.8), which would answer for the dead load balancer.
    Node lb = *t.node(QStringLiteral("lb"));
    lb.properties.insert(QStringLiteral("ip"), QStringLiteral("8.77.77.8"));
    t.replaceNode(lb);
    Finding f;
    f.rule = QStringLiteral("spof.load-balancer");
    f.nodes = {QStringLiteral("lb")};
    if (pair && !applyFix(QStringLiteral("add-lb-pair"), f, &t, &error))
        qFatal("%s", qPrintable(error));
    return t;
}

// A light load: one read through the VIP every 20 ms, each on a new connection, remembering
// when each was sent and whether it succeeded.
class LightLoad final : public QObject {
public:
    LightLoad(QString address, int port)
        : m_address(std::move(address))
        , m_port(port) {
        m_clock.start();
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] { probe(m_clock.elapsed()); });
        m_timer.start();
    }
    qint64 now() const { return m_clock.elapsed(); }
    // One read on a new connection: ok when a 2xx status line arrives within 1 s.
    void probe(qint64 sent) {
        auto *socket = new QTcpSocket(this);
        auto done = std::make_shared<bool>(false);
        auto finish = [this, socket, sent, done](bool ok) {
            if (*done)
                return;
            *done = true;
            m_results.append({sent, ok});
            socket->abort();
            socket->deleteLater();
        };
        connect(socket, &QTcpSocket::connected, socket,
                [socket] { socket->write(QByteArray(kReadRequest.data())); });
        connect(socket, &QTcpSocket::readyRead, socket, [socket, finish] {
            if (socket->bytesAvailable() >= 12)
                finish(socket->peek(12).startsWith("HTTP/1.1 2"));
        });
        connect(socket, &QTcpSocket::errorOccurred, socket, [finish] { finish(false); });
        QTimer::singleShot(1000, socket, [finish] { finish(false); });
        socket->connectToHost(m_address, quint16(m_port));
    }
    // Probes sent after `since` (ms of this load's clock) that were answered / were not.
    int count(qint64 since, bool ok) const {
        int n = 0;
        for (const auto &r : m_results)
            n += r.first >= since && r.second == ok;
        return n;
    }

private:
    QString m_address;
    int m_port;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QList<std::pair<qint64, bool>> m_results;
};

} // namespace

class TestLbPair final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QList<RuntimeEvent> m_events;

    Orchestrator::Options options(const QString &sub) {
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(sub);
        o.stopGraceMs = 1000;
        o.record = false;
        return o;
    }

    void start(Orchestrator &o, const TopologyData &t) {
        m_events.clear();
        connect(&o, &Orchestrator::event, this,
                [this](const RuntimeEvent &e) { m_events.append(e); });
        QSignalSpy started(&o, &Orchestrator::started);
        QString error;
        QVERIFY2(o.start(t, &error), qPrintable(error));
        QVERIFY2(started.wait(kStartMs), qPrintable(o.failureReason()));
    }

    static void stop(Orchestrator &o) {
        QSignalSpy stopped(&o, &Orchestrator::stopped);
        o.stop();
        QVERIFY(stopped.wait(15000));
    }

    // The first event of `kind` from `node` after position `from` that `match` accepts; -1 if none.
    qsizetype find(qsizetype from, const QString &node, QLatin1String kind,
                   const std::function<bool(const QJsonObject &)> &match = {}) const {
        for (qsizetype i = from; i < m_events.size(); ++i) {
            const RuntimeEvent &e = m_events.at(i);
            if (e.node == node && e.kind == kind && (!match || match(e.details)))
                return i;
        }
        return -1;
    }
    static bool toMaster(const QJsonObject &d) { return d.value("to").toString() == "MASTER"; }
    static bool toBackup(const QJsonObject &d) { return d.value("to").toString() == "BACKUP"; }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        qRegisterMetaType<QList<ChaosRow>>();
    }

    void killTheMasterThenItTakesTheVipBack() {
        Orchestrator o;
        o.setOptions(options("kill"));
        start(o, referenceDesign(true));
        const VirtualAddress *v = o.plan().virtualOf(QStringLiteral("lb"));
        QVERIFY(v);
        QCOMPARE(v->members.size(), 2);
        const QString master = v->endpoint.node;
        const QString backup = v->members.at(1);
        LightLoad load(v->endpoint.address, v->endpoint.port);
        QTRY_VERIFY_WITH_TIMEOUT(load.count(0, true) >= 5, 10000);

        const qsizetype killAt = m_events.size();
        const qint64 killMs = load.now();
        QString error;
        QVERIFY2(o.inject(fault(FaultKind::Kill, master), &error), qPrintable(error));
        qsizetype takeover = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            (takeover = find(killAt, backup, EventKind::VrrpState, toMaster)) >= 0, 15000);
        const RuntimeEvent &state = m_events.at(takeover);
        QVERIFY2(state.details.value("reason").toString().contains("no advertisement"),
                 qPrintable(state.details.value("reason").toString()));
        // It waited three advertisement intervals (1 s each) plus its skew after the last
        // advertisement it heard, not less, and said so as they went by.
        QVERIFY2(state.details.value("since_ms").toInteger() >= 3000,
                 qPrintable(QString::number(state.details.value("since_ms").toInteger())));
        QVERIFY(find(killAt, backup, EventKind::VrrpAdvertMissed) >= 0);
        QVERIFY(load.count(killMs, false) > 0); // the VIP answered nobody meanwhile
        // Requests resume through the BACKUP, at the same VIP (the DNS answer never changed).
        QTRY_VERIFY_WITH_TIMEOUT(find(takeover, backup, EventKind::VrrpVipAcquired) >= 0, 5000);
        const qint64 resumed = load.now();
        QTRY_VERIFY_WITH_TIMEOUT(load.count(resumed, true) >= 5, 10000);
        QVERIFY(find(takeover, backup, EventKind::LbRequest) >= 0);

        // The old MASTER comes back as BACKUP and, outranking the new one (preempt), takes the
        // VIP back: the holder releases, then it binds; never two holders.
        const qsizetype restartAt = m_events.size();
        QVERIFY2(o.inject(fault(FaultKind::Restart, master), &error), qPrintable(error));
        qsizetype back = -1;
        QTRY_VERIFY_WITH_TIMEOUT((back = find(restartAt, master, EventKind::VrrpVipAcquired)) >= 0,
                                 20000);
        const qsizetype released = find(restartAt, backup, EventKind::VrrpVipReleased);
        QVERIFY(released >= 0 && m_events.at(released).t <= m_events.at(back).t);
        QVERIFY(find(restartAt, backup, EventKind::VrrpState, toBackup) >= 0);
        const qint64 after = load.now();
        QTRY_VERIFY_WITH_TIMEOUT(load.count(after, true) >= 5, 10000);
        stop(o);
    }

    void aTakenVipPortMovesWithTheVip() {
        // Something else holds the VIP's planned port when the design starts: the MASTER binds
        // another, clients are sent there, and the BACKUP that takes over binds that one too,
        // even when the MASTER dies before a second advertisement (its first named the port).
        const TopologyData design = referenceDesign(true);
        const AddressPlan planned = AddressPlan::derive(design);
        const VirtualAddress *pv = planned.virtualOf(QStringLiteral("lb"));
        QVERIFY(pv);
        QTcpServer squatter;
        QVERIFY2(squatter.listen(QHostAddress(pv->endpoint.address), quint16(pv->endpoint.port)),
                 qPrintable(squatter.errorString()));
        Orchestrator o;
        o.setOptions(options("taken"));
        start(o, design);
        const VirtualAddress *v = o.plan().virtualOf(QStringLiteral("lb"));
        QVERIFY(v);
        QVERIFY(v->endpoint.port != pv->endpoint.port);
        const QString master = v->endpoint.node;
        const QString backup = v->members.at(1);
        const qsizetype killAt = m_events.size();
        QString error;
        QVERIFY2(o.inject(fault(FaultKind::Kill, master), &error), qPrintable(error));
        squatter.close(); // the planned port is free again: the BACKUP must still not take it
        qsizetype acquired = -1;
        QTRY_VERIFY_WITH_TIMEOUT((acquired = find(killAt, backup, EventKind::VrrpVipAcquired)) >= 0,
                                 15000);
        QCOMPARE(m_events.at(acquired).details.value("port").toInt(), v->endpoint.port);
        LightLoad load(v->endpoint.address, v->endpoint.port);
        QTRY_VERIFY_WITH_TIMEOUT(load.count(0, true) >= 3, 10000);
        stop(o);
    }

    void aFrozenMasterKeepsItsSocket() {
        Orchestrator o;
        o.setOptions(options("freeze"));
        start(o, referenceDesign(true));
        const VirtualAddress *v = o.plan().virtualOf(QStringLiteral("lb"));
        QVERIFY(v);
        const QString master = v->endpoint.node;
        const QString backup = v->members.at(1);
        const qsizetype freezeAt = m_events.size();
        QString error;
        QVERIFY2(o.inject(fault(FaultKind::Freeze, master), &error), qPrintable(error));
        // The BACKUP declares itself MASTER but cannot bind: the frozen process holds VIP:port.
        QTRY_VERIFY_WITH_TIMEOUT(find(freezeAt, backup, EventKind::VrrpVipBusy) >= 0, 15000);
        QVERIFY(find(freezeAt, backup, EventKind::VrrpState, toMaster) >= 0);
        QCOMPARE(find(freezeAt, backup, EventKind::VrrpVipAcquired), -1);
        // Awake, the MASTER advertises its higher priority and the other steps back.
        const qsizetype resumeAt = m_events.size();
        QVERIFY2(o.inject(fault(FaultKind::Resume, master), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(find(resumeAt, backup, EventKind::VrrpState, toBackup) >= 0,
                                 10000);
        QCOMPARE(find(freezeAt, backup, EventKind::VrrpVipAcquired), -1);
        LightLoad load(v->endpoint.address, v->endpoint.port);
        QTRY_VERIFY_WITH_TIMEOUT(load.count(0, true) >= 3, 10000);
        stop(o);
    }

    void withoutAPairKillingTheLoadBalancerIsATotalOutage() {
        Orchestrator o;
        o.setOptions(options("single"));
        start(o, referenceDesign(false));
        QVERIFY(o.plan().virtualAddresses().isEmpty());
        const NodeInfo lb = o.node(QStringLiteral("lb"));
        LightLoad load(lb.address, lb.port);
        QTRY_VERIFY_WITH_TIMEOUT(load.count(0, true) >= 5, 10000);
        QString error;
        QVERIFY2(o.inject(fault(FaultKind::Kill, QStringLiteral("lb")), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(o.node(QStringLiteral("lb")).state == NodeState::Failed, 5000);
        const qint64 since = load.now();
        QTRY_VERIFY_WITH_TIMEOUT(load.count(since, false) >= 50, 20000); // a second of load
        QCOMPARE(load.count(since, true), 0);
        stop(o);
    }

    void chaosMeasuresThePairAfterTheTakeover() {
        ChaosSpec spec;
        spec.seconds = 1;
        spec.targets = {QStringLiteral("lb")};
        ChaosRun run(referenceDesign(true), spec, options("chaos"));
        QSignalSpy finished(&run, &ChaosRun::finished);
        QStringList problems;
        connect(&run, &ChaosRun::problem, this, [&](const QString &p) { problems << p; });
        run.start();
        QVERIFY(finished.wait(90000));
        const auto rows = finished.at(0).at(0).value<QList<ChaosRow>>();
        QCOMPARE(rows.size(), 1);
        QVERIFY2(rows.at(0).read >= 0.5 && rows.at(0).write >= 0.5,
                 qPrintable(QStringLiteral("read %1 write %2; %3")
                                .arg(rows.at(0).read)
                                .arg(rows.at(0).write)
                                .arg(problems.join("; "))));
        QVERIFY2(problems.join(' ').contains("took the VIP over"), qPrintable(problems.join("; ")));
    }
};

QTEST_GUILESS_MAIN(TestLbPair)
#include "tst_lbpair.moc"
