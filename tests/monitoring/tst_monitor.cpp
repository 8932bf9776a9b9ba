// The monitoring node runs: the reference design with the "add-monitoring" fix applied, run by
// the orchestrator. Its monitor scrapes every node's /metrics; killing a web server fires
// TargetDown and restarting it resolves it; a replica slowed by a fault falls behind while
// writes go on and raises ReplicationLag. Waits on events, never on sleeps.
#include "analysis/analyzer.h"
#include "dbclient.h"
#include "dbwriter.h"
#include "events/eventkind.h"
#include "fixes/fixes.h"
#include "io/topologyfile.h"
#include "orchestrator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

// The three-server design with the monitoring fix applied, as a user would with one click.
TopologyData monitoredDesign(qint64 scrapeMs, qint64 forMs) {
    TopologyData t;
    QString error;
    if (!TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"), &t, &error))
        qFatal("%s", qPrintable(error));
    for (const Finding &f : analyzeTopology(t)) {
        if (f.fixId == QLatin1String("add-monitoring") && !applyFix(f.fixId, f, &t, &error))
            qFatal("%s", qPrintable(error));
    }
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Monitoring && n.parent.isEmpty()) {
            Node m = n;
            m.properties.insert(QStringLiteral("scrape_interval"), scrapeMs);
            m.properties.insert(QStringLiteral("alert_for"), forMs);
            m.properties.insert(QStringLiteral("lag_threshold"), 500);
            t.replaceNode(m);
        }
    }
    return t;
}

QByteArray get(const NodeInfo &node, const QByteArray &path) {
    QTcpSocket s;
    s.connectToHost(node.address, quint16(node.port));
    if (!s.waitForConnected(3000))
        return QByteArray();
    s.write("GET " + path + " HTTP/1.1\r\nHost: monitor\r\nConnection: close\r\n\r\n");
    QByteArray all;
    while (s.waitForReadyRead(5000) || s.bytesAvailable())
        all += s.readAll();
    return all.mid(all.indexOf("\r\n\r\n") + 4);
}

} // namespace

class TestMonitor final : public QObject {
    Q_OBJECT

    Orchestrator *m_o = nullptr;
    QList<RuntimeEvent> m_events;
    QString m_monitor;

    // The first event of `kind` about `node` (details.node) with `key` = `value`, after `from`.
    const RuntimeEvent *find(const QLatin1String &kind, const QString &node, const QString &key,
                             const QString &value, int from = 0) const {
        for (int i = from; i < m_events.size(); ++i) {
            const RuntimeEvent &e = m_events.at(i);
            if (e.kind == kind && e.details.value(QLatin1String("node")).toString() == node &&
                e.details.value(key).toString() == value)
                return &e;
        }
        return nullptr;
    }
    const RuntimeEvent *alert(const QString &name, const QString &node, const QString &state,
                              int from = 0) const {
        for (int i = from; i < m_events.size(); ++i) {
            const RuntimeEvent &e = m_events.at(i);
            if (e.kind == EventKind::MonitorAlert &&
                e.details.value(QLatin1String("alert")).toString() == name &&
                e.details.value(QLatin1String("node")).toString() == node &&
                e.details.value(QLatin1String("state")).toString() == state)
                return &e;
        }
        return nullptr;
    }

    void startDesign(const TopologyData &t) {
        m_events.clear();
        m_o = new Orchestrator(this);
        Orchestrator::Options options;
        options.nodeProgram = QDir(qEnvironmentVariable("INFRASTAGE_BIN_DIR"))
                                  .filePath(QStringLiteral("infrastage-node"));
        options.record = false;
        m_o->setOptions(options);
        connect(m_o, &Orchestrator::event, this,
                [this](const RuntimeEvent &e) { m_events.append(e); });
        QSignalSpy started(m_o, &Orchestrator::started);
        QString error;
        QVERIFY2(m_o->start(t, &error), qPrintable(error));
        QVERIFY2(started.wait(30000), qPrintable(m_o->failureReason()));
        for (const NodeInfo &n : m_o->nodes()) {
            if (n.role == QLatin1String("monitor"))
                m_monitor = n.node;
        }
        QVERIFY(!m_monitor.isEmpty());
    }

private slots:
    void cleanup() {
        if (!m_o)
            return;
        QSignalSpy stopped(m_o, &Orchestrator::stopped);
        m_o->stop();
        QVERIFY(m_o->state() == RuntimeState::Stopped || stopped.wait(15000));
        delete m_o;
        m_o = nullptr;
    }

    void scrapesEveryNodeAndServesTheAlerts() {
        startDesign(monitoredDesign(500, 1000));
        // Every target comes up: load balancer stats, web, app, database metrics, agents.
        const QStringList nodes{QStringLiteral("lb"), QStringLiteral("server-1-web"),
                                QStringLiteral("server-2-app"), QStringLiteral("server-2-db"),
                                QStringLiteral("server-1-agent")};
        for (const QString &n : nodes)
            QTRY_VERIFY2_WITH_TIMEOUT(
                find(EventKind::MonitorTarget, n, QStringLiteral("to"), QStringLiteral("up")),
                qPrintable(n), 20000);
        const NodeInfo monitor = m_o->node(m_monitor);
        const QJsonObject targets =
            QJsonDocument::fromJson(get(monitor, "/api/v1/targets")).object();
        QCOMPARE(targets.value(QLatin1String("status")).toString(), QStringLiteral("success"));
        const QJsonArray active = targets.value(QLatin1String("data"))
                                      .toObject()
                                      .value(QLatin1String("activeTargets"))
                                      .toArray();
        QStringList jobs;
        for (const QJsonValue &v : active)
            jobs.append(v.toObject()
                            .value(QLatin1String("labels"))
                            .toObject()
                            .value(QLatin1String("job"))
                            .toString());
        for (const char *job : {"haproxy", "web", "app", "mysqld", "node"})
            QVERIFY2(jobs.contains(QLatin1String(job)), job);
        // The agent reports its server's processes from /proc.
        const NodeInfo agent = m_o->node(QStringLiteral("server-1-agent"));
        const QByteArray host = get(agent, "/metrics");
        QVERIFY2(host.contains("infrastage_process_up{process=\"server-1-web\",role=\"web\",server="
                               "\"server-1\"} 1"),
                 host.constData());
        QVERIFY(host.contains("infrastage_process_resident_memory_bytes{process=\"server-1-db\""));
        // The status page and the alerts API answer; nothing fires in a healthy design.
        QVERIFY(get(monitor, "/").contains("<h2>Targets</h2>"));
        const QJsonObject alerts = QJsonDocument::fromJson(get(monitor, "/api/v1/alerts")).object();
        QCOMPARE(alerts.value(QLatin1String("status")).toString(), QStringLiteral("success"));
    }

    // With the firewall fix as well (secured-monitored), the host firewalls let the monitoring
    // host in to every port it scrapes: every target comes up.
    void firewallsLetTheMonitorIn() {
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/secured-monitored.infra.json"), &t,
            &error));
        Node m = *t.node(QStringLiteral("monitoring"));
        m.properties.insert(QStringLiteral("scrape_interval"), 500);
        t.replaceNode(m);
        startDesign(t);
        for (const char *n : {"lb", "server-1-web", "server-1-app", "server-1-db", "server-1-agent",
                              "server-2-web", "server-2-app", "server-2-db", "server-2-agent"})
            QTRY_VERIFY2_WITH_TIMEOUT(find(EventKind::MonitorTarget, QLatin1String(n),
                                           QStringLiteral("to"), QStringLiteral("up")),
                                      n, 20000);
    }

    // Kill a web server: TargetDown fires once the failed scrapes held for `for:`, and resolves
    // after a restart. The delay from the kill to the alert is printed and carried by the
    // event (active_ms: how long the target had been failing its scrapes).
    void killedWebServerFiresTargetDownThenResolves() {
        const qint64 scrapeMs = 500;
        const qint64 forMs = 1000;
        startDesign(monitoredDesign(scrapeMs, forMs));
        const QString web = QStringLiteral("server-1-web");
        QTRY_VERIFY_WITH_TIMEOUT(
            find(EventKind::MonitorTarget, web, QStringLiteral("to"), QStringLiteral("up")), 20000);
        const int before = int(m_events.size());
        QString error;
        QVERIFY2(m_o->inject(Fault{FaultKind::Kill, web, {}, 0, 0.0}, &error), qPrintable(error));
        const bool fired = QTest::qWaitFor(
            [&] {
                return alert(QStringLiteral("TargetDown"), web, QStringLiteral("firing"), before);
            },
            30000);
        if (!fired) { // what the monitor and the web server said since the kill
            for (int i = before; i < m_events.size(); ++i) {
                const RuntimeEvent &e = m_events.at(i);
                if (e.node == web || e.kind.startsWith(QLatin1String("monitor.")) ||
                    e.kind.startsWith(QLatin1String("runtime.")))
                    qWarning("%s %s %s", qPrintable(e.node), qPrintable(e.kind),
                             QJsonDocument(e.details).toJson(QJsonDocument::Compact).constData());
            }
        }
        QVERIFY(fired);
        const RuntimeEvent firing =
            *alert(QStringLiteral("TargetDown"), web, QStringLiteral("firing"), before);
        qint64 killedAt = 0;
        for (int i = before; i < m_events.size() && !killedAt; ++i) {
            if (m_events.at(i).kind == EventKind::RuntimeFault)
                killedAt = m_events.at(i).t;
        }
        QVERIFY(killedAt > 0);
        const double afterMs = double(firing.t - killedAt) / 1e6;
        qInfo("TargetDown fired %.0f ms after the kill (scrape %lld ms, for %lld ms; the target "
              "had failed its scrapes for %lld ms)",
              afterMs, scrapeMs, forMs,
              firing.details.value(QLatin1String("active_ms")).toInteger());
        // Never before `for:` has passed since the kill: the first failed scrape is after it.
        QVERIFY2(afterMs >= double(forMs), qPrintable(QString::number(afterMs)));
        QVERIFY(firing.details.value(QLatin1String("active_ms")).toInteger() >= forMs);
        QCOMPARE(firing.details.value(QLatin1String("severity")).toString(),
                 QStringLiteral("critical"));
        // The alerts API lists it as firing.
        const QJsonArray alerts =
            QJsonDocument::fromJson(get(m_o->node(m_monitor), "/api/v1/alerts"))
                .object()
                .value(QLatin1String("data"))
                .toObject()
                .value(QLatin1String("alerts"))
                .toArray();
        bool listed = false;
        for (const QJsonValue &v : alerts) {
            const QJsonObject a = v.toObject();
            const QJsonObject labels = a.value(QLatin1String("labels")).toObject();
            listed =
                listed || (labels.value(QLatin1String("alertname")).toString() ==
                               QLatin1String("TargetDown") &&
                           labels.value(QLatin1String("node")).toString() == web &&
                           a.value(QLatin1String("state")).toString() == QLatin1String("firing"));
        }
        QVERIFY(listed);

        const int restartedFrom = int(m_events.size());
        QVERIFY2(m_o->inject(Fault{FaultKind::Restart, web, {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            alert(QStringLiteral("TargetDown"), web, QStringLiteral("resolved"), restartedFrom),
            30000);
    }

    // A replica slowed by a fault applies each transaction late; with writes going on it falls
    // behind and ReplicationLag fires; back at normal speed it catches up and the alert resolves.
    void slowedReplicaRaisesTheLagAlert() {
        startDesign(monitoredDesign(500, 1000));
        const QString replica = QStringLiteral("server-2-db");
        QTRY_VERIFY_WITH_TIMEOUT(
            find(EventKind::MonitorTarget, replica, QStringLiteral("to"), QStringLiteral("up")),
            20000);
        QString error;
        QVERIFY2(m_o->inject(Fault{FaultKind::Slow, replica, {}, 100, 0.0}, &error),
                 qPrintable(error));
        const NodeInfo primary = m_o->node(QStringLiteral("server-1-db"));
        db::DbClient client;
        client.connectToServer(primary.address, quint16(primary.port));
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(client
                    .querySync(QStringLiteral("CREATE TABLE messages(id INTEGER PRIMARY KEY, "
                                              "author TEXT, body TEXT UNIQUE)"))
                    .ok);
        DbWriter writer(primary.address, quint16(primary.port), QStringLiteral("lag"));
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            alert(QStringLiteral("ReplicationLag"), replica, QStringLiteral("firing")), 30000);
        const RuntimeEvent *lag =
            alert(QStringLiteral("ReplicationLag"), replica, QStringLiteral("firing"));
        qInfo("ReplicationLag fired: %s behind (threshold 0.5 s)",
              qPrintable(lag->details.value(QLatin1String("value")).toVariant().toString()));
        QVERIFY(lag->details.value(QLatin1String("value")).toDouble() > 0.5);
        writer.stop();
        QVERIFY2(m_o->inject(Fault{FaultKind::Slow, replica, {}, 0, 0.0}, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            alert(QStringLiteral("ReplicationLag"), replica, QStringLiteral("resolved")), 30000);
    }
};

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
