// Link faults beyond a cut (docs/runtime.md, Fault injection): a delay on a link adds at least
// that much to a request's time through it; a loss of 100 % behaves as a cut (the backend turns
// DOWN, requests go to the other server), and a loss of 0 restores the link. Real processes of
// the reference design, driven through the DesignGateway.
#include "designgateway.h"

#include "events/eventkind.h"
#include "io/topologyfile.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::runtime;

class TestLinkFaults final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TopologyData m_topology;
    DesignGateway *m_gateway = nullptr;
    QList<RuntimeEvent> m_events;

    // One GET / through DNS and the load balancer; its walkthrough's client side.
    Walkthrough::Client get() {
        RequestSpec spec;
        spec.url = QStringLiteral("http://www.foobar.com/");
        Walkthrough::Client out;
        bool done = false;
        QString error;
        const int id = m_gateway->sendRequest(spec, &error);
        if (id == 0) {
            out.error = error;
            return out;
        }
        auto a = connect(m_gateway, &DesignGateway::requestFinished, this,
                         [&](int i, const Walkthrough &w, const Walkthrough &) {
                             if (i == id)
                                 out = w.client(), done = true;
                         });
        auto b =
            connect(m_gateway, &DesignGateway::requestFailed, this, [&](int i, const QString &why) {
                if (i == id)
                    out.error = why, done = true;
            });
        if (!QTest::qWaitFor([&] { return done; }, 20000))
            out.error = QStringLiteral("no answer within 20 s");
        disconnect(a), disconnect(b);
        return out;
    }

    // Whether the load balancer turned `server`'s backend `to` (UP / DOWN) since event `from`.
    bool turned(const QString &server, const QString &to, qsizetype from) const {
        for (qsizetype i = from; i < m_events.size(); ++i) {
            const RuntimeEvent &e = m_events.at(i);
            if (e.kind == EventKind::LbHealth && e.details.value("server") == server &&
                e.details.value("to") == to)
                return true;
        }
        return false;
    }

    static Fault link(FaultKind kind, int ms, int percent) {
        Fault f{kind, QStringLiteral("lb"), QStringLiteral("server-1-web"), ms, 0.0};
        f.percent = percent;
        return f;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(TopologyFile::load(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json",
                                    &m_topology, &error),
                 qPrintable(error));
        // Health checks every second (their timeout): DOWN and UP are seen within seconds, and
        // the delay below (HTTP checks cross the delayed link too) stays under the timeout.
        Node lb = *m_topology.node("lb");
        lb.properties.insert("check_inter", 1000);
        lb.properties.insert("check_fall", 2);
        lb.properties.insert("check_rise", 2);
        m_topology.replaceNode(lb);
        m_gateway = new DesignGateway(this);
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath("run");
        o.stopGraceMs = 1000;
        m_gateway->setOptions(o);
        connect(m_gateway, &DesignGateway::event, this,
                [this](const RuntimeEvent &e) { m_events.append(e); });
        QSignalSpy running(m_gateway, &DesignGateway::running);
        QVERIFY2(m_gateway->start(m_topology, &error), qPrintable(error));
        QVERIFY(running.wait(30000));
    }

    void cleanupTestCase() {
        QSignalSpy stopped(m_gateway, &DesignGateway::stopped);
        m_gateway->stop();
        QVERIFY(stopped.wait(15000));
    }

    void delayAddsToRequestsThroughTheLink() {
        const int delayMs = 400;
        QString error;
        QVERIFY2(m_gateway->inject(link(FaultKind::Delay, delayMs, 0), &error), qPrintable(error));
        // Round robin: of a few requests, those served by Server 1 crossed the delayed link.
        int throughDelayed = 0;
        for (int i = 0; i < 4; ++i) {
            const Walkthrough::Client c = get();
            QVERIFY2(c.error.isEmpty() && c.status == 200, qPrintable(c.error));
            if (!c.servedBy.startsWith(QStringLiteral("server-1")))
                continue;
            ++throughDelayed;
            const qint64 ms = (c.receivedNs - c.sentNs) / 1000000;
            QVERIFY2(ms >= delayMs, qPrintable(QStringLiteral("%1 ms through a link delayed by "
                                                              "%2 ms")
                                                   .arg(ms)
                                                   .arg(delayMs)));
        }
        QVERIFY(throughDelayed > 0);
        QVERIFY(m_gateway->inject(link(FaultKind::Delay, 0, 0), &error));
        // A delay between a web server and its database is refused: it applies to requests.
        Fault db{FaultKind::Delay, "server-1-app", "server-1-db", 100, 0.0};
        QVERIFY(!m_gateway->inject(db, &error));
        QVERIFY2(error.contains("db node"), qPrintable(error));
    }

    void fullLossIsACutAndZeroRestores() {
        QString error;
        qsizetype mark = m_events.size();
        QVERIFY2(m_gateway->inject(link(FaultKind::Loss, 0, 100), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(turned("server-1-web", "DOWN", mark), 15000);
        // As with a cut, every request is answered, by the other server.
        for (int i = 0; i < 4; ++i) {
            const Walkthrough::Client c = get();
            QVERIFY2(c.error.isEmpty() && c.status == 200, qPrintable(c.error));
            QVERIFY2(c.servedBy.startsWith(QStringLiteral("server-2")), qPrintable(c.servedBy));
        }
        mark = m_events.size();
        QVERIFY2(m_gateway->inject(link(FaultKind::Loss, 0, 0), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(turned("server-1-web", "UP", mark), 15000);
    }

    void cliFormsAreParsed() {
        Fault f;
        QString error;
        QVERIFY2(parseFault("delay:lb=server-1-web,300@2", &f, &error), qPrintable(error));
        QCOMPARE(f.kind, FaultKind::Delay);
        QCOMPARE(f.peer, QStringLiteral("server-1-web"));
        QCOMPARE(f.ms, 300);
        QCOMPARE(f.describe(), QStringLiteral("delay lb <-> server-1-web 300 ms"));
        QVERIFY2(parseFault("loss:lb=server-1-web,30@0", &f, &error), qPrintable(error));
        QCOMPARE(f.percent, 30);
        QVERIFY(!parseFault("loss:lb=server-1-web,130@0", &f, &error));
        QVERIFY2(error.contains("percentage"), qPrintable(error));
        QVERIFY(!parseFault("delay:lb=server-1-web@0", &f, &error));
    }
};

QTEST_GUILESS_MAIN(TestLinkFaults)
#include "tst_linkfaults.moc"
