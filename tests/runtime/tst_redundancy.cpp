// Redundancy measured with real processes (issue 11, sections 4, 5 and 7): `chaos` on a design
// that serves HTTPS gets its probes through (a replica's server failing leaves reads and writes
// working), an internet link is cut like a node is killed; with two ISP links one cut keeps the
// site reachable and both cut is an outage; a backup server takes no traffic while the active
// one is up and all of it once the active one is DOWN.
#include "designgateway.h"

#include "analysis/analyzer.h"
#include "events/eventkind.h"
#include "fixes/fixes.h"
#include "io/topologyfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

TopologyData example(const char *name) {
    TopologyData t;
    QString error;
    if (!TopologyFile::load(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json")
                                .arg(QLatin1String(name)),
                            &t, &error))
        qFatal("%s", qPrintable(error));
    // Design addresses of our own (a.b.c.d -> a.b.(c+shift).d): other tests run the reference
    // design at its usual loopback addresses at the same time.
    const int shift = 100 + int(QCoreApplication::applicationPid() % 100);
    const QList<Node> nodes = t.nodes();
    for (Node n : nodes) {
        for (const char *key : {"ip", "vip"}) {
            QStringList octets = n.text(QLatin1String(key)).split(QLatin1Char('.'));
            if (octets.size() != 4)
                continue;
            octets[2] = QString::number((octets[2].toInt() + shift) % 256);
            n.properties.insert(QLatin1String(key), octets.join(QLatin1Char('.')));
        }
        // Fast health checks: a dead server is DOWN within half a second.
        if (n.kind == NodeKind::LoadBalancer) {
            n.properties.insert(QStringLiteral("check_inter"), 200);
            n.properties.insert(QStringLiteral("check_fall"), 2);
        }
        t.replaceNode(n);
    }
    return t;
}

Finding findingAbout(const TopologyData &t, const QString &rule, const QString &id) {
    for (const Finding &f : analyzeTopology(t)) {
        if (f.rule == rule && f.nodes.contains(id))
            return f;
    }
    return Finding();
}

bool isControl(const RuntimeEvent &e, const QString &node, bool reachable) {
    return e.kind == EventKind::ControlApplied && e.node == node &&
           e.details.value(QLatin1String("cmd")).toString() == QLatin1String("internet") &&
           e.details.value(QLatin1String("reachable")).toBool() == reachable;
}

} // namespace

class TestRedundancy final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Orchestrator::Options options(const QString &sub) {
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(sub);
        o.stopGraceMs = 1000;
        return o;
    }

    // One GET of the guestbook as a new visitor (DNS, then the redirect to HTTPS followed):
    // its status, or 0 when no answer came.
    static int visit(DesignGateway &g) {
        RequestSpec spec;
        spec.url = QStringLiteral("http://www.foobar.com/api/guestbook");
        QString error;
        const int id = g.sendRequest(spec, &error);
        if (id == 0)
            return 0;
        int status = -1;
        QMetaObject::Connection a = connect(&g, &DesignGateway::requestFinished, &g,
                                            [&](int i, const Walkthrough &w, const Walkthrough &) {
                                                if (i == id)
                                                    status = w.client().status;
                                            });
        QMetaObject::Connection b =
            connect(&g, &DesignGateway::requestFailed, &g, [&](int i, const QString &) {
                if (i == id)
                    status = 0;
            });
        if (!QTest::qWaitFor([&] { return status >= 0; }, 30000))
            status = 0;
        disconnect(a), disconnect(b);
        return qMax(status, 0);
    }

    static RunReport load(DesignGateway &g, int requests) {
        QSignalSpy finished(&g, &DesignGateway::loadFinished);
        LoadSpec spec;
        spec.url = QStringLiteral("http://www.foobar.com/api/guestbook");
        spec.requests = requests;
        spec.snapshotMs = 0;
        QString error;
        if (!g.startLoad(spec, &error) || !finished.wait(30000))
            return RunReport();
        return finished.at(0).at(0).value<RunReport>();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void chaosGetsThroughHttps() {
        // secured-monitored serves HTTPS and redirects HTTP there: the probes follow.
        const QString file = m_dir.filePath(QStringLiteral("secured.infra.json"));
        QString error;
        QVERIFY2(TopologyFile::save(file, example("secured-monitored"), &error), qPrintable(error));
        const QDir bin(qEnvironmentVariable("INFRASTAGE_BIN_DIR"));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("INFRASTAGE_NODE"),
                   bin.filePath(QStringLiteral("infrastage-node")));
        cli.setProcessEnvironment(env);
        cli.start(bin.filePath(QStringLiteral("infrastage-cli")),
                  {QStringLiteral("chaos"), file, QStringLiteral("--format"),
                   QStringLiteral("json"), QStringLiteral("--seconds"), QStringLiteral("1"),
                   QStringLiteral("--target"), QStringLiteral("server-2"),
                   QStringLiteral("--target"), QStringLiteral("internet")});
        QVERIFY(cli.waitForFinished(120000));
        const QByteArray err = cli.readAllStandardError();
        QCOMPARE(cli.exitCode(), 0);
        QMap<QString, QJsonObject> rows;
        for (const QJsonValue &v : QJsonDocument::fromJson(cli.readAllStandardOutput()).array())
            rows.insert(v.toObject().value(QLatin1String("node")).toString(), v.toObject());
        QCOMPARE(rows.size(), 2);
        const QJsonObject replica = rows.value(QStringLiteral("server-2"));
        QVERIFY2(replica.value(QLatin1String("read")).toDouble() >= 0.5, err.constData());
        QVERIFY2(replica.value(QLatin1String("write")).toDouble() >= 0.5, err.constData());
        QCOMPARE(replica.value(QLatin1String("failure")).toString(), QStringLiteral("kill"));
        QVERIFY(replica.value(QLatin1String("agrees")).toBool());
        // The one internet link cut: nobody gets in, as spof.network-link says.
        const QJsonObject link = rows.value(QStringLiteral("internet"));
        QCOMPARE(link.value(QLatin1String("failure")).toString(), QStringLiteral("cut"));
        QCOMPARE(link.value(QLatin1String("read")).toDouble(), 0.0);
        QCOMPARE(link.value(QLatin1String("write")).toDouble(), 0.0);
        QVERIFY(link.value(QLatin1String("static_spof"))
                    .toArray()
                    .contains(QStringLiteral("spof.network-link")));
        QVERIFY(link.value(QLatin1String("agrees")).toBool());
    }

    void secondIspLinkKeepsTheSiteReachable() {
        TopologyData t = example("secured-monitored");
        // The designer's one-click fix for the single internet link.
        const Finding single = findingAbout(t, QStringLiteral("spof.network-link"), "internet");
        QCOMPARE(single.fixId, QStringLiteral("add-second-link"));
        QString error;
        QVERIFY2(applyFix(single.fixId, single, &t, &error), qPrintable(error));
        QCOMPARE(t.link(QStringLiteral("internet"))->text(QStringLiteral("label")),
                 QStringLiteral("ISP A"));
        const Link *second = t.link(QStringLiteral("internet-2"));
        QVERIFY(second && second->from == QLatin1String("user") &&
                second->to == QLatin1String("fw-edge"));
        QVERIFY(findingAbout(t, QStringLiteral("spof.network-link"), "internet").rule.isEmpty());

        DesignGateway g;
        g.setOptions(options(QStringLiteral("links")));
        QList<RuntimeEvent> events;
        connect(&g, &DesignGateway::event, this, [&](const RuntimeEvent &e) { events.append(e); });
        QSignalSpy running(&g, &DesignGateway::running);
        QVERIFY2(g.start(t, &error), qPrintable(error));
        QVERIFY(running.wait(30000));
        QCOMPARE(visit(g), 200);

        // ISP A cut: the load balancer is still reachable over ISP B, and is told nothing.
        QVERIFY2(g.inject(Fault{FaultKind::Cut, "internet", {}, 0, 0.0}, &error),
                 qPrintable(error));
        QCOMPARE(visit(g), 200);
        // Both cut: an outage. The load balancer refuses visitors from outside the design.
        QVERIFY2(g.inject(Fault{FaultKind::Cut, "internet-2", {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(events.cbegin(), events.cend(),
                        [](const RuntimeEvent &e) { return isControl(e, "lb", false); }),
            10000);
        const auto fault =
            std::find_if(events.crbegin(), events.crend(), [](const RuntimeEvent &e) {
                return e.kind == EventKind::RuntimeFault && e.node == QLatin1String("internet-2");
            });
        QVERIFY(fault != events.crend());
        QCOMPARE(fault->details.value("unreachable").toArray(), QJsonArray{QStringLiteral("lb")});
        QCOMPARE(visit(g), 0);
        // ISP A back: visitors get in again.
        QVERIFY2(g.inject(Fault{FaultKind::Heal, "internet", {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(events.cbegin(), events.cend(),
                        [](const RuntimeEvent &e) { return isControl(e, "lb", true); }),
            10000);
        QCOMPARE(visit(g), 200);
        // The pair form names the same link; a cut between a node and nothing is refused.
        QVERIFY(!g.inject(Fault{FaultKind::Cut, "server-1-web", {}, 0, 0.0}, &error));
        QVERIFY2(error.contains(QLatin1String("internet")), qPrintable(error));
        QSignalSpy stopped(&g, &DesignGateway::stopped);
        g.stop();
        QVERIFY(stopped.wait(20000));
    }

    void backupServerTakesOverWhenTheActiveOneIsDown() {
        TopologyData t = example("three-server");
        Link backup = *t.link(QStringLiteral("lb-server-2"));
        backup.properties.insert(QStringLiteral("backup"), true);
        t.replaceLink(backup);
        DesignGateway g;
        g.setOptions(options(QStringLiteral("backup")));
        QList<RuntimeEvent> events;
        connect(&g, &DesignGateway::event, this, [&](const RuntimeEvent &e) { events.append(e); });
        QSignalSpy running(&g, &DesignGateway::running);
        QString error;
        QVERIFY2(g.start(t, &error), qPrintable(error));
        QVERIFY(running.wait(30000));

        // Active-passive: every request to the active server, none to the backup.
        const QJsonObject before = load(g, 20).toJson();
        QCOMPARE(before.value("completed").toInt(), 20);
        QCOMPARE(before.value("servers").toObject(),
                 (QJsonObject{{QStringLiteral("server-1"), 20}, {QStringLiteral("server-2"), 0}}));
        QCOMPARE(before.value("backup_servers").toArray(), QJsonArray{QStringLiteral("server-2")});

        // The active server dies; once the load balancer has it DOWN, the backup serves all.
        QVERIFY2(g.inject(Fault{FaultKind::Kill, "server-1-web", {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(),
                                             [](const RuntimeEvent &e) {
                                                 return e.kind == EventKind::LbHealth &&
                                                        e.details.value("server") ==
                                                            "server-1-web" &&
                                                        e.details.value("to") == "DOWN";
                                             }),
                                 20000);
        const QJsonObject after = load(g, 20).toJson();
        const QByteArray report = QJsonDocument(after).toJson(QJsonDocument::Compact);
        QVERIFY2(after.value("completed").toInt() == 20, report.constData());
        QVERIFY2(
            after.value("servers").toObject() ==
                (QJsonObject{{QStringLiteral("server-1"), 0}, {QStringLiteral("server-2"), 20}}),
            report.constData());
        QSignalSpy stopped(&g, &DesignGateway::stopped);
        g.stop();
        QVERIFY(stopped.wait(20000));
    }
};

QTEST_GUILESS_MAIN(TestRedundancy)
#include "tst_redundancy.moc"
