// The address plan of the examples, the configs the orchestrator writes, and fault specs.
#include "addressplan.h"
#include "fault.h"
#include "nodeconfigbuilder.h"

#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QJsonArray>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::runtime;

class TestAddressPlan final : public QObject {
    Q_OBJECT

private:
    static TopologyData load(const char *name) {
        TopologyData t;
        QString error;
        if (!TopologyFile::load(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/") +
                                    QLatin1String(name),
                                &t, &error))
            qFatal("%s", qPrintable(error));
        return t;
    }

private slots:
    void threeServerPerHost() {
        const AddressPlan plan =
            AddressPlan::derive(load("three-server.infra.json"), AddressPlan::Mode::PerHost);
        QVERIFY(plan.perHost());
        const Endpoint *lb = plan.endpoint("lb");
        QVERIFY(lb);
        QCOMPARE(lb->address, QStringLiteral("127.8.8.8"));
        QCOMPARE(lb->port, 8080);
        QCOMPARE(lb->designAddress, QStringLiteral("8.8.8.8"));
        QCOMPARE(lb->designPort, 80);
        QCOMPARE(lb->statsPort, 8404);
        const Endpoint *dns = plan.endpoint("dns");
        QCOMPARE(dns->address, QStringLiteral("127.8.4.4"));
        QCOMPARE(dns->port, 5353);
        // Components inherit their server's address.
        QCOMPARE(plan.endpoint("server-1-web")->address, QStringLiteral("127.168.1.10"));
        QCOMPARE(plan.endpoint("server-1-web")->port, 8080);
        QCOMPARE(plan.endpoint("server-1-app")->address, QStringLiteral("127.168.1.10"));
        QCOMPARE(plan.endpoint("server-1-app")->port, 8000);
        QCOMPARE(plan.endpoint("server-2-db")->address, QStringLiteral("127.168.1.11"));
        QCOMPARE(plan.endpoint("server-2-db")->port, 3306);
        QCOMPARE(plan.endpoint("server-2-db")->host, QStringLiteral("server-2"));
        QVERIFY(!plan.endpoint("server-1-files")); // no process
        QVERIFY(!plan.endpoint("user"));
        QCOMPARE(plan.findByDesign("8.8.8.8", 80), lb);
        QCOMPARE(plan.endpoints().size(), 8);
    }

    void sharedAddressGivesDistinctPorts() {
        const AddressPlan plan =
            AddressPlan::derive(load("three-server.infra.json"), AddressPlan::Mode::SharedOne);
        QSet<QString> seen;
        for (const Endpoint &e : plan.endpoints()) {
            QCOMPARE(e.address, QStringLiteral("127.0.0.1"));
            for (int port : {e.port, e.statsPort}) {
                if (port == 0)
                    continue;
                const QString key = QString::number(port);
                QVERIFY2(!seen.contains(key), qPrintable(e.node + " reuses " + key));
                seen.insert(key);
            }
        }
        QVERIFY(!plan.notes().isEmpty()); // the moved ports are reported
    }

    void unprivilegedPorts() {
        QCOMPARE(AddressPlan::unprivilegedPort(80), 8080);
        QCOMPARE(AddressPlan::unprivilegedPort(443), 8443);
        QCOMPARE(AddressPlan::unprivilegedPort(53), 5353);
        QCOMPARE(AddressPlan::unprivilegedPort(8404), 8404);
        QCOMPARE(AddressPlan::unprivilegedPort(3306), 3306);
        QCOMPARE(AddressPlan::loopbackFor("192.168.1.10", true), QStringLiteral("127.168.1.10"));
        QCOMPARE(AddressPlan::loopbackFor("192.168.1.10", false), QStringLiteral("127.0.0.1"));
        QCOMPARE(AddressPlan::loopbackFor("10.0.0.0", true), QStringLiteral("127.0.0.1"));
    }

    void vipHasItsOwnAddressAndStartsWithTheHighestPriority() {
        const TopologyData t = load("scale-up.infra.json");
        const AddressPlan plan = AddressPlan::derive(t, AddressPlan::Mode::PerHost);
        // Each member listens on its own address; the VIP is an address of its own.
        QCOMPARE(plan.endpoint("lb-1")->designAddress, QStringLiteral("8.8.8.6"));
        QCOMPARE(plan.endpoint("lb-1")->address, QStringLiteral("127.8.8.6"));
        QCOMPARE(plan.endpoint("lb-2")->address, QStringLiteral("127.8.8.7"));
        QVERIFY(plan.endpoint("lb-1")->vrrpPort > 0);
        const VirtualAddress *v = plan.virtualOf("lb-2");
        QVERIFY(v);
        QCOMPARE(v->members, QStringList({"lb-1", "lb-2"})); // priority 150 before 100
        QCOMPARE(v->endpoint.node, QStringLiteral("lb-1"));
        QCOMPARE(v->endpoint.address, QStringLiteral("127.8.8.8"));
        QCOMPARE(plan.findByDesign("8.8.8.8", 80), &v->endpoint);
        QCOMPARE(plan.findTlsByDesign("8.8.8.8", 443), &v->endpoint);
        QVERIFY(plan.notes().join('\n').contains("VIP 8.8.8.8"));
        // The configs: lb-1 starts as MASTER, lb-2 as BACKUP, each told where the other is.
        NodeConfigBuilder b(t, plan, "/tmp/run", false);
        QString error;
        const QJsonObject one = b.build("lb-1", &error).value("vrrp").toObject();
        const QJsonObject two = b.build("lb-2", &error).value("vrrp").toObject();
        QCOMPARE(one.value("initial").toString(), QStringLiteral("MASTER"));
        QCOMPARE(two.value("initial").toString(), QStringLiteral("BACKUP"));
        QCOMPARE(one.value("vip").toString(), QStringLiteral("127.8.8.8"));
        QCOMPARE(one.value("vrid").toInt(), two.value("vrid").toInt());
        QCOMPARE(one.value("advert_int").toInt(), 1000);
        QCOMPARE(one.value("peers").toArray().at(0)["node"].toString(), QStringLiteral("lb-2"));
        QCOMPARE(two.value("peers").toArray().at(0)["address"].toString(),
                 QStringLiteral("127.8.8.6"));
        b.setRestart(true); // started again during a run: BACKUP, the peer may hold the VIP
        QCOMPARE(b.build("lb-1", &error).value("vrrp")["initial"].toString(),
                 QStringLiteral("BACKUP"));
    }

    void configsFollowTheContract() {
        const TopologyData t = load("three-server.infra.json");
        const AddressPlan plan = AddressPlan::derive(t, AddressPlan::Mode::PerHost);
        NodeConfigBuilder b(t, plan, "/tmp/run", false);
        QString error;
        const QJsonObject dns = b.build("dns", &error);
        const QJsonArray records = dns.value("records").toArray();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.at(0)["value"].toString(),
                 QStringLiteral("8.8.8.8")); // design, not loopback
        const QJsonObject lb = b.build("lb", &error);
        const QJsonArray servers = lb.value("servers").toArray();
        QCOMPARE(servers.size(), 2);
        QCOMPARE(servers.at(0)["id"].toString(), QStringLiteral("server-1-web"));
        QCOMPARE(servers.at(0)["address"].toString(), QStringLiteral("127.168.1.10"));
        QCOMPARE(servers.at(0)["port"].toInt(), 8080);
        QCOMPARE(lb["check"]["inter"].toInt(), 2000);
        QCOMPARE(lb["listen"]["port"].toInt(), 8080);
        QCOMPARE(lb["listen"]["fallback"].toBool(), true);
        const QJsonObject app2 = b.build("server-2-app", &error);
        QCOMPARE(app2["databases"]["write"]["id"].toString(), QStringLiteral("server-1-db"));
        QCOMPARE(app2["databases"]["read"]["id"].toString(), QStringLiteral("server-2-db"));
        QCOMPARE(app2["served_by"].toString(), QStringLiteral("server-2"));
        const QJsonObject web1 = b.build("server-1-web", &error);
        QCOMPARE(web1["upstreams"].toArray().at(0)["id"].toString(),
                 QStringLiteral("server-1-app"));
        QCOMPARE(web1["host"]["design_ip"].toString(), QStringLiteral("192.168.1.10"));
        const QJsonObject replica = b.build("server-2-db", &error);
        QCOMPARE(replica["role"].toString(), QStringLiteral("replica"));
        QCOMPARE(replica["primary"]["id"].toString(), QStringLiteral("server-1-db"));
        QVERIFY(b.build("server-1-files", &error).isEmpty());
        QVERIFY(error.contains("server-1-files"));
    }

    // The monitoring fix runs: the monitoring host as the monitor (Prometheus' port), agents
    // on the servers (node_exporter's), a metrics listener beside each database; the monitor
    // is configured with every target and the rules `export` writes.
    void monitoringRunsAsProcesses() {
        const TopologyData t = load("secured-monitored.infra.json");
        const AddressPlan plan = AddressPlan::derive(t, AddressPlan::Mode::PerHost);
        const Endpoint *monitor = plan.endpoint("monitoring");
        QVERIFY(monitor);
        QCOMPARE(monitor->role, QStringLiteral("monitor"));
        QCOMPARE(monitor->address, QStringLiteral("127.0.0.9"));
        QCOMPARE(monitor->port, 9090);
        const Endpoint *agent = plan.endpoint("server-1-agent");
        QVERIFY(agent);
        QCOMPARE(agent->role, QStringLiteral("agent"));
        QCOMPARE(agent->address, QStringLiteral("127.168.1.10"));
        QCOMPARE(agent->port, 9100);
        QCOMPARE(plan.endpoint("server-2-db")->metricsPort, 9104);
        NodeConfigBuilder b(t, plan, "/tmp/run", false);
        QString error;
        const QJsonObject m = b.build("monitoring", &error);
        QCOMPARE(m["scrape_interval_ms"].toInt(), 1000);
        QStringList targets;
        for (const QJsonValue &v : m["targets"].toArray())
            targets.append(v["job"].toString() + ' ' + v["node"].toString() + ' ' +
                           v["address"].toString() + ':' + QString::number(v["port"].toInt()));
        QVERIFY2(targets.contains("haproxy lb 127.8.8.8:8404"), qPrintable(targets.join(", ")));
        QVERIFY(targets.contains("web server-1-web 127.168.1.10:8080"));
        QVERIFY(targets.contains("app server-2-app 127.168.1.11:8000"));
        QVERIFY(targets.contains("mysqld server-2-db 127.168.1.11:9104"));
        QVERIFY(targets.contains("node server-2-agent 127.168.1.11:9100"));
        QCOMPARE(m["rules"].toArray().size(), 7);
        QCOMPARE(m["rules"][0]["expr"].toString(), QStringLiteral("up == 0"));
        const QJsonObject a = b.build("server-1-agent", &error);
        QStringList watched;
        for (const QJsonValue &v : a["processes"].toArray())
            watched.append(v["node"].toString());
        QCOMPARE(watched, (QStringList{"server-1-web", "server-1-app", "server-1-db"}));
        const QJsonObject db = b.build("server-1-db", &error);
        QCOMPARE(db["metrics"]["port"].toInt(), 9104);
    }

    void faultSpecs() {
        Fault f;
        QString error;
        QVERIFY(parseFault("kill:server-1-web@2.5", &f, &error));
        QCOMPARE(f.kind, FaultKind::Kill);
        QCOMPARE(f.node, QStringLiteral("server-1-web"));
        QCOMPARE(f.at, 2.5);
        QVERIFY(parseFault("slow:server-1-app=250@1", &f, &error));
        QCOMPARE(f.ms, 250);
        QVERIFY(parseFault("cut:server-2-app=server-1-db@3", &f, &error));
        QCOMPARE(f.peer, QStringLiteral("server-1-db"));
        QVERIFY(!parseFault("explode:lb@1", &f, &error));
        QVERIFY(error.contains("unknown kind"));
        QVERIFY(!parseFault("kill:lb", &f, &error));
        QVERIFY(!parseFault("kill:lb@soon", &f, &error));
        // One id and no peer: a network link between the internet and the design, by its id.
        QVERIFY(parseFault("cut:isp-a@1", &f, &error));
        QCOMPARE(f.node, QStringLiteral("isp-a"));
        QVERIFY(f.peer.isEmpty());
        QCOMPARE(f.describe(), QStringLiteral("cut isp-a"));
        QVERIFY(!parseFault("kill:lb=3@1", &f, &error));
    }
};

QTEST_GUILESS_MAIN(TestAddressPlan)
#include "tst_addressplan.moc"
