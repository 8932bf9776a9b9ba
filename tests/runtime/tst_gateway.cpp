// DesignGateway driven directly, as the GUI drives it, on the reference design with real
// processes: the run's states, walkthroughs that arrive step by step and name the real backend
// and database, a load with metric snapshots per backend, a kill seen in the node status and by
// the load balancer, chaos without blocking, and a stop that leaves no process behind.
#include "designgateway.h"

#include "events/eventkind.h"
#include "io/topologyfile.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <cerrno>
#include <csignal>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

// One request's steps as they arrived, and its walkthrough once finished.
struct Outcome {
    QList<WalkthroughStep> steps;
    int stepsBeforeFinish = -1;
    Walkthrough walkthrough;
    QString error;
    bool done = false;
};

int indexOf(const QList<WalkthroughStep> &steps, QLatin1String kind) {
    for (int i = 0; i < steps.size(); ++i) {
        if (steps.at(i).kind == kind)
            return i;
    }
    return -1;
}

bool alive(qint64 pid) {
    return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
}

} // namespace

class TestGateway final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TopologyData m_topology;

    Orchestrator::Options options(const QString &sub) {
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(sub);
        o.detail = true;
        o.stopGraceMs = 1000;
        return o;
    }

    static Outcome send(DesignGateway &g, const RequestSpec &spec) {
        Outcome out;
        QString error;
        const int id = g.sendRequest(spec, &error);
        if (id == 0) {
            out.error = error;
            return out;
        }
        QMetaObject::Connection a = connect(&g, &DesignGateway::requestStep, &g,
                                            [&out, id](int i, const WalkthroughStep &s) {
                                                if (i == id)
                                                    out.steps.append(s);
                                            });
        QMetaObject::Connection b =
            connect(&g, &DesignGateway::requestFinished, &g,
                    [&out, id](int i, const Walkthrough &w, const Walkthrough &) {
                        if (i != id)
                            return;
                        out.stepsBeforeFinish = int(out.steps.size());
                        out.walkthrough = w;
                        out.done = true;
                    });
        QMetaObject::Connection c =
            connect(&g, &DesignGateway::requestFailed, &g, [&out, id](int i, const QString &why) {
                if (i == id)
                    out.error = why, out.done = true;
            });
        if (!QTest::qWaitFor([&out] { return out.done; }, 20000))
            out.error = QStringLiteral("no answer within 20 s");
        disconnect(a), disconnect(b), disconnect(c);
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(TopologyFile::load(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json",
                                    &m_topology, &error),
                 qPrintable(error));
        // Design addresses of our own (192.168.1.10 -> 192.168.1xx.10, ...): other programs on
        // this machine run the reference design at its usual loopback addresses, and one of
        // them could take a port that a kill here frees and answer in its place.
        const int shift = 100 + int(QCoreApplication::applicationPid() % 100);
        const QList<Node> nodes = m_topology.nodes();
        for (Node n : nodes) {
            QStringList octets = n.text("ip").split('.');
            if (octets.size() != 4)
                continue;
            octets[2] = QString::number((octets[2].toInt() + shift) % 256);
            n.properties.insert("ip", octets.join('.'));
            m_topology.replaceNode(n);
        }
        // Fast health checks, so that a kill is seen by the load balancer quickly.
        Node lb = *m_topology.node("lb");
        lb.properties.insert("check_inter", 200);
        lb.properties.insert("check_fall", 2);
        lb.properties.insert("check_rise", 2);
        m_topology.replaceNode(lb);
    }

    void runsWalksLoadsFaultsAndStops() {
        DesignGateway g;
        g.setOptions(options("run"));
        QList<RuntimeState> states;
        connect(&g, &DesignGateway::stateChanged, this, [&](RuntimeState s) { states.append(s); });
        QHash<QString, QList<NodeStatus>> statuses;
        connect(&g, &DesignGateway::nodeStatusChanged, this,
                [&](const QString &n, NodeStatus s) { statuses[n].append(s); });
        QList<RuntimeEvent> events;
        connect(&g, &DesignGateway::event, this, [&](const RuntimeEvent &e) { events.append(e); });
        QSignalSpy running(&g, &DesignGateway::running);
        QString error;
        QCOMPARE(g.state(), RuntimeState::Stopped);
        QVERIFY2(g.start(m_topology, &error), qPrintable(error));
        QCOMPARE(g.state(), RuntimeState::Starting);
        QVERIFY(running.wait(30000));
        QCOMPARE(states, (QList<RuntimeState>{RuntimeState::Starting, RuntimeState::Running}));
        QVERIFY(g.timeToReadyMs() >= 0);
        QCOMPARE(running.at(0).at(0).toLongLong(), g.timeToReadyMs());
        const QList<NodeInfo> nodes = g.nodes();
        QVERIFY(nodes.size() >= 8);
        for (const NodeInfo &n : nodes) {
            QCOMPARE(g.nodeStatus(n.node), NodeStatus::Up);
            QCOMPARE(statuses.value(n.node).first(), NodeStatus::Starting);
        }

        // GET /: DNS, then the load balancer's choice, then Nginx, step by step.
        const Outcome home = send(g, RequestSpec());
        QVERIFY2(home.error.isEmpty(), qPrintable(home.error));
        QCOMPARE(home.walkthrough.client().status, 200);
        QVERIFY(home.stepsBeforeFinish > 0); // the steps came before the whole walkthrough
        const int dns = indexOf(home.steps, EventKind::DnsAnswer);
        const int choice = indexOf(home.steps, EventKind::LbChoice);
        const int forward = indexOf(home.steps, EventKind::LbForward);
        const int web = indexOf(home.steps, EventKind::WebRequest);
        const int answered = indexOf(home.steps, EventKind::WebResponse);
        const int response = indexOf(home.steps, EventKind::LbResponse);
        // The response path runs back the way the request came: Nginx answers, then the load
        // balancer, each stamped before its answer leaves.
        QVERIFY2(dns >= 0 && dns < choice && choice < forward && forward < web && web < answered &&
                     answered < response,
                 qPrintable(QStringLiteral("%1 %2 %3 %4 %5 %6")
                                .arg(dns)
                                .arg(choice)
                                .arg(forward)
                                .arg(web)
                                .arg(answered)
                                .arg(response)));
        QCOMPARE(home.steps.at(dns).stage, WalkthroughStage::Dns);
        QCOMPARE(home.steps.at(dns).to, QString(BrowserNode));
        QVERIFY(!home.steps.at(dns).outbound.value("answers").toArray().isEmpty());
        const WalkthroughStep &chose = home.steps.at(choice);
        QCOMPARE(chose.stage, WalkthroughStage::Balancer);
        const QString backend = chose.details.value("server").toString();
        const QString host = chose.details.value("host").toString();
        QVERIFY2(backend.startsWith("server-") && chose.caption.contains(backend),
                 qPrintable(chose.caption));
        QVERIFY(home.walkthrough.client().servedBy.startsWith(host));
        // The hop the request crossed: from the load balancer to the backend it chose.
        QCOMPARE(home.steps.at(forward).from, QStringLiteral("lb"));
        QCOMPARE(home.steps.at(forward).to, backend);
        QCOMPARE(home.steps.at(web).node, backend);
        QCOMPARE(home.steps.at(web).from, QStringLiteral("lb"));
        QVERIFY(home.steps.at(web).inbound.contains("headers")); // detail on: what it received
        QVERIFY(home.steps.at(web).t >= chose.t);
        // The whole walkthrough has the same steps, plus the browser's.
        const QList<WalkthroughStep> all = home.walkthrough.steps();
        QCOMPARE(all.last().node, QString(BrowserNode));
        QVERIFY(all.last().caption.contains(host));

        // GET /api/guestbook reaches the application and a database, named in its caption.
        RequestSpec read;
        read.url = "http://www.foobar.com/api/guestbook";
        const Outcome guestbook = send(g, read);
        QVERIFY2(guestbook.error.isEmpty(), qPrintable(guestbook.error));
        QCOMPARE(guestbook.walkthrough.client().status, 200);
        const int app = indexOf(guestbook.steps, EventKind::AppRequest);
        const int db = indexOf(guestbook.steps, EventKind::DbQuery);
        QVERIFY(app >= 0 && db >= 0);
        const WalkthroughStep &query = guestbook.steps.at(db);
        QCOMPARE(query.stage, WalkthroughStage::Database);
        QVERIFY2(query.node.endsWith("-db") && query.caption.startsWith(query.node),
                 qPrintable(query.caption));
        QCOMPARE(query.from, guestbook.steps.at(app).node); // the application asked it
        QCOMPARE(query.inbound.value("statement").toString(), QStringLiteral("select"));
        QVERIFY(!query.inbound.value("sql").toArray().isEmpty());

        // POST writes on the primary.
        RequestSpec write = read;
        write.method = "POST";
        write.body = R"({"author":"gateway","message":"hello"})";
        const Outcome posted = send(g, write);
        QCOMPARE(posted.walkthrough.client().status, 201);
        const int insert = indexOf(posted.steps, EventKind::DbQuery);
        QVERIFY(insert >= 0);
        QCOMPARE(posted.steps.at(insert).node, QStringLiteral("server-1-db"));

        // A load until stopped, with snapshots naming both backends.
        QList<MetricSnapshot> snapshots;
        connect(&g, &DesignGateway::loadSnapshot, this,
                [&](const MetricSnapshot &s) { snapshots.append(s); });
        QSignalSpy loadFinished(&g, &DesignGateway::loadFinished);
        LoadSpec load;
        load.requests = 0;
        load.concurrency = 2;
        load.snapshotMs = 200;
        QVERIFY2(g.startLoad(load, &error), qPrintable(error));
        QVERIFY(g.isLoadRunning());
        QVERIFY(!g.startLoad(load, &error)); // one at a time
        auto seen = [&](const QString &server) {
            return std::any_of(snapshots.cbegin(), snapshots.cend(), [&](const MetricSnapshot &s) {
                return s.backendRate.value(server) > 0;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(seen("server-1") && seen("server-2"), 20000);
        const MetricSnapshot &busy = snapshots.last();
        QVERIFY(busy.requestsPerSecond > 0 && busy.p99Ms >= busy.p50Ms && busy.p50Ms > 0);

        // Kill a web server under load: its status turns down, the load balancer notices.
        const qint64 before = snapshots.last().totalRequests;
        QVERIFY2(g.inject(Fault{FaultKind::Kill, "server-2-web", {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(g.nodeStatus("server-2-web"), NodeStatus::Down, 10000);
        QVERIFY(statuses.value("server-2-web").contains(NodeStatus::Down));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(),
                                             [](const RuntimeEvent &e) {
                                                 return e.kind == EventKind::LbHealth &&
                                                        e.details.value("server") ==
                                                            "server-2-web" &&
                                                        e.details.value("to") == "DOWN";
                                             }),
                                 20000);
        // The load goes on through the other server.
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.last().totalRequests > before + 10, 20000);
        QVERIFY(!g.inject(Fault{FaultKind::Freeze, "server-2-web", {}, 0, 0.0}, &error));

        // A slowed node says so, and stops saying so.
        QVERIFY(g.inject(Fault{FaultKind::Slow, "server-1-app", {}, 20, 0.0}, &error));
        QTRY_COMPARE_WITH_TIMEOUT(g.nodeStatus("server-1-app"), NodeStatus::Slowed, 10000);
        QVERIFY(g.inject(Fault{FaultKind::Slow, "server-1-app", {}, 0, 0.0}, &error));
        QTRY_COMPARE_WITH_TIMEOUT(g.nodeStatus("server-1-app"), NodeStatus::Up, 10000);

        g.stopLoad();
        QVERIFY(loadFinished.wait(20000));
        QVERIFY(!g.isLoadRunning());

        // Chaos starts the design afresh: not while it runs.
        QVERIFY(!g.startChaos(m_topology, ChaosSpec(), &error));

        // Stop: every process ends.
        QList<qint64> pids;
        for (const NodeInfo &n : g.nodes()) {
            if (n.pid > 0)
                pids.append(n.pid);
        }
        QVERIFY(pids.size() >= 7);
        QSignalSpy stopped(&g, &DesignGateway::stopped);
        g.stop();
        QVERIFY(stopped.wait(20000));
        QCOMPARE(g.state(), RuntimeState::Stopped);
        QCOMPARE(states.mid(2),
                 (QList<RuntimeState>{RuntimeState::Stopping, RuntimeState::Stopped}));
        for (qint64 pid : std::as_const(pids))
            QVERIFY2(!alive(pid), qPrintable(QString::number(pid)));
        for (const NodeInfo &n : nodes)
            QCOMPARE(g.nodeStatus(n.node), NodeStatus::Stopped);
        QVERIFY(g.sendRequest(RequestSpec(), &error) == 0);
    }

    // As the GUI uses it: the gateway on a thread of its own, reached by queued calls, its
    // signals (walkthroughs included) delivered to this thread.
    void worksFromAnotherThread() {
        QThread thread;
        auto *g = new DesignGateway;
        g->setOptions(options("thread"));
        g->moveToThread(&thread);
        connect(&thread, &QThread::finished, g, &QObject::deleteLater);
        thread.start();
        bool running = false, stopped = false;
        QList<WalkthroughStep> steps;
        Walkthrough walkthrough;
        connect(g, &DesignGateway::running, this, [&] { running = true; });
        connect(g, &DesignGateway::stopped, this, [&] { stopped = true; });
        connect(g, &DesignGateway::requestStep, this,
                [&](int, const WalkthroughStep &s) { steps.append(s); });
        connect(g, &DesignGateway::requestFinished, this,
                [&](int, const Walkthrough &w, const Walkthrough &) { walkthrough = w; });
        const TopologyData topology = m_topology;
        QMetaObject::invokeMethod(g, [g, topology] {
            QString error;
            g->start(topology, &error);
        });
        QTRY_VERIFY_WITH_TIMEOUT(running, 30000);
        QList<qint64> pids;
        QMetaObject::invokeMethod(
            g,
            [g, &pids] {
                for (const NodeInfo &n : g->nodes())
                    pids.append(n.pid);
                QString error;
                g->sendRequest(RequestSpec(), &error);
            },
            Qt::BlockingQueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!walkthrough.isEmpty(), 20000);
        QCOMPARE(walkthrough.client().status, 200);
        QVERIFY(indexOf(steps, EventKind::LbChoice) >= 0);
        QMetaObject::invokeMethod(g, [g] { g->stop(); });
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 20000);
        thread.quit();
        QVERIFY(thread.wait(10000));
        for (qint64 pid : std::as_const(pids))
            QVERIFY2(!alive(pid), qPrintable(QString::number(pid)));
    }

    void chaosMeasuresWithoutBlocking() {
        DesignGateway g;
        g.setOptions(options("chaos"));
        ChaosSpec spec;
        spec.seconds = 1;
        spec.targets = {"lb"};
        QList<ChaosRow> rows;
        bool finished = false;
        connect(&g, &DesignGateway::chaosFinished, this, [&](const QList<ChaosRow> &r) {
            rows = r;
            finished = true;
        });
        QString error;
        QVERIFY2(g.startChaos(m_topology, spec, &error), qPrintable(error));
        QVERIFY(g.isChaosRunning()); // it returned at once; the work goes on in the event loop
        QVERIFY(!g.start(m_topology, &error));
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).node, QStringLiteral("lb"));
        const QString row =
            QStringLiteral("read %1 write %2").arg(rows.at(0).read).arg(rows.at(0).write);
        QVERIFY2(rows.at(0).read >= 0 && rows.at(0).read < 0.5, qPrintable(row)); // a SPOF
        QVERIFY2(rows.at(0).write >= 0 && rows.at(0).write < 0.5, qPrintable(row));
        QVERIFY(!g.isChaosRunning());
    }
};

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
