// Firewalls enforced on real connections (examples/secured-monitored.infra.json, real
// processes): the database port of Server 1 refuses a client outside the design and lets the
// application servers in (a guestbook write reaches it); with the firewall fix removed it
// accepts both. A rule that rejects answers with a reset at once; each decision is an event
// naming the rule. A rule naming an unknown node stops the start with what and where.
#include "dbclient.h"
#include "designgateway.h"

#include "events/eventkind.h"
#include "io/topologyfile.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

const RuntimeEvent *findEvent(const QList<RuntimeEvent> &events, QLatin1String kind,
                              const QString &node, const QString &source) {
    for (const RuntimeEvent &e : events) {
        if (e.kind == kind && e.node == node &&
            e.details.value(QLatin1String("source")).toString() == source)
            return &e;
    }
    return nullptr;
}

// Connects to address:port from outside the design, sends a byte and waits (at most 15 s) for
// the first answer: the errno that ended the exchange (0: the server answered or closed).
int firstAnswer(const QString &address, int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(quint16(port));
    ::inet_pton(AF_INET, address.toLatin1().constData(), &to.sin_addr);
    int error = 0;
    char c = 'x';
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to) != 0 ||
        ::send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
        error = errno;
    } else {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 15000) != 1)
            error = ETIMEDOUT;
        else if (::recv(fd, &c, 1, 0) < 0)
            error = errno;
    }
    ::close(fd);
    return error;
}

} // namespace

class TestFirewall final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TopologyData m_secured;

    // A run of `topology`, its events collected.
    struct Run {
        DesignGateway gateway;
        QList<RuntimeEvent> events;
    };

    Orchestrator::Options options(const QString &sub) const {
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(sub);
        o.detail = true;
        o.stopGraceMs = 1000;
        return o;
    }

    bool start(Run *run, const TopologyData &topology, const QString &sub) {
        run->gateway.setOptions(options(sub));
        connect(&run->gateway, &DesignGateway::event, this,
                [run](const RuntimeEvent &e) { run->events.append(e); });
        QSignalSpy running(&run->gateway, &DesignGateway::running);
        QString error;
        if (!run->gateway.start(topology, &error)) {
            qWarning("start: %s", qPrintable(error));
            return false;
        }
        return running.wait(30000);
    }

    static void stop(Run *run) {
        QSignalSpy stopped(&run->gateway, &DesignGateway::stopped);
        run->gateway.stop();
        QVERIFY(stopped.wait(15000));
    }

    // POST /api/guestbook through the design, as a browser: its status.
    // `failure`: why the request failed, when it did (status 0).
    static int writeGuestbook(DesignGateway &g, QString *failure = nullptr) {
        RequestSpec spec;
        spec.method = "POST";
        spec.url = "https://www.foobar.com/api/guestbook";
        spec.body = R"({"author":"firewall","message":"let in"})";
        int status = -1;
        QString error;
        const int id = g.sendRequest(spec, &error);
        if (id == 0)
            return -1;
        QObject scope; // the connections end with this call
        connect(&g, &DesignGateway::requestFinished, &scope,
                [&status, id](int i, const Walkthrough &w, const Walkthrough &) {
                    if (i == id)
                        status = w.client().status;
                });
        connect(&g, &DesignGateway::requestFailed, &scope,
                [&status, failure, id](int i, const QString &why) {
                    if (i != id)
                        return;
                    status = 0;
                    if (failure)
                        *failure = why;
                });
        if (!QTest::qWaitFor([&status] { return status >= 0; }, 20000))
            return -2;
        return status;
    }

    static const NodeInfo nodeInfo(DesignGateway &g, const QString &id) {
        for (const NodeInfo &n : g.nodes()) {
            if (n.node == id)
                return n;
        }
        return NodeInfo();
    }

    // The secured design with its firewalls taken out: the user's link goes to the load
    // balancer again, as before the add-firewall fix.
    TopologyData withoutFirewalls() const {
        TopologyData t = m_secured;
        for (const char *id : {"server-1-fw", "server-2-fw"})
            t.removeNodeAt(t.nodeIndex(id));
        for (const char *id : {"edge-lb", "monitor-fw"})
            t.removeLinkAt(t.linkIndex(id));
        Link internet = *t.link("internet");
        internet.to = "lb";
        t.replaceLink(internet);
        t.removeNodeAt(t.nodeIndex("fw-edge"));
        return t;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(TopologyFile::load(INFRASTAGE_SOURCE_DIR "/examples/secured-monitored.infra.json",
                                    &m_secured, &error),
                 qPrintable(error));
        // Design addresses of our own, as tst_gateway: other runs of this design on the machine
        // must not answer in its place.
        const int shift = 100 + int(QCoreApplication::applicationPid() % 100);
        const QList<Node> nodes = m_secured.nodes();
        for (Node n : nodes) {
            QStringList octets = n.text("ip").split('.');
            if (octets.size() != 4)
                continue;
            octets[1] = QString::number((octets[1].toInt() + shift) % 256);
            n.properties.insert("ip", octets.join('.'));
            m_secured.replaceNode(n);
        }
    }

    void databaseRefusesTheClientAndLetsTheApplicationsIn() {
        Run run;
        QVERIFY(start(&run, m_secured, "secured"));
        const NodeInfo db = nodeInfo(run.gateway, "server-1-db");
        QVERIFY(db.port > 0);

        // A client outside the design (this test) asks the primary database: dropped, never
        // answered, and the drop is an event naming Server 1's host firewall.
        db::DbClient outsider;
        outsider.setRequestTimeout(60000);
        outsider.connectToServer(db.address, quint16(db.port));
        // On loopback the kernel completes the handshake before any firewall of ours can
        // decide; what a drop withholds is every answer.
        QVERIFY(outsider.waitForConnected(10000));
        bool answered = false;
        outsider.query("SELECT 1", {}, [&answered](const db::DbResult &) { answered = true; });
        QVERIFY(QTest::qWaitFor(
            [&] {
                return findEvent(run.events, EventKind::FirewallDrop, "server-1-db", "internet");
            },
            15000));
        const RuntimeEvent drop =
            *findEvent(run.events, EventKind::FirewallDrop, "server-1-db", "internet");
        QCOMPARE(drop.details.value("firewall").toString(), QStringLiteral("server-1-fw"));
        QCOMPARE(drop.details.value("port").toInt(), 3306);
        QVERIFY2(drop.details.value("rule").toString().contains("policy: drop"),
                 qPrintable(drop.details.value("rule").toString()));

        // The applications write to Server 1's database (round robin: one write each), Server
        // 2's let in by the rule its data link needs: the writes succeed.
        QCOMPARE(writeGuestbook(run.gateway), 201);
        QCOMPARE(writeGuestbook(run.gateway), 201);
        const RuntimeEvent *app =
            findEvent(run.events, EventKind::FirewallAccept, "server-1-db", "server-2");
        QVERIFY(app);
        QVERIFY2(app->details.value("rule").toString().contains("application -> database"),
                 qPrintable(app->details.value("rule").toString()));
        QVERIFY(!answered); // still nothing for the outsider
        QVERIFY(!findEvent(run.events, EventKind::FirewallDrop, "server-1-db", "server-2"));
        stop(&run);
    }

    void aRejectRuleResetsAtOnce() {
        TopologyData t = m_secured;
        Node fw = *t.node("server-1-fw");
        fw.properties.insert("rules", "reject from internet port 3306");
        t.replaceNode(fw);
        Run run;
        QVERIFY(start(&run, t, "reject"));
        const NodeInfo db = nodeInfo(run.gateway, "server-1-db");
        // Reset by the peer (or refused), without waiting for any timeout of ours. (A plain
        // socket: QTcpSocket retries a connection reset while it is still connecting.)
        const int error = firstAnswer(db.address, db.port);
        QVERIFY2(error == ECONNRESET || error == ECONNREFUSED || error == EPIPE,
                 qPrintable(QString::fromLocal8Bit(std::strerror(error))));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return findEvent(run.events, EventKind::FirewallReject, "server-1-db", "internet");
            },
            15000));
        QVERIFY(findEvent(run.events, EventKind::FirewallReject, "server-1-db", "internet")
                    ->details.value("rule")
                    .toString()
                    .contains("reject from internet port 3306"));
        stop(&run);
    }

    void dnsDatagramsPassTheFirewallInFrontOfIt() {
        // The edge firewall also guards the DNS server: 53 is not among its open ports, so
        // the browser's questions are dropped and the request fails at DNS.
        TopologyData t = m_secured;
        Link behind;
        behind.id = "edge-dns";
        behind.kind = LinkKind::Network;
        behind.from = "fw-edge";
        behind.to = "dns";
        behind.properties.insert("label", QString());
        t.appendLink(behind);
        {
            Run run;
            QVERIFY(start(&run, t, "dns-dropped"));
            QString failure;
            QCOMPARE(writeGuestbook(run.gateway, &failure), 0);
            QVERIFY2(failure.contains("firewall fw-edge dropped them: fw-edge policy: drop"),
                     qPrintable(failure));
            const RuntimeEvent *drop =
                findEvent(run.events, EventKind::FirewallDrop, "dns", "internet");
            QVERIFY(drop);
            QCOMPARE(drop->details.value("port").toInt(), 53);
            QCOMPARE(drop->details.value("firewall").toString(), QStringLiteral("fw-edge"));
            stop(&run);
        }
        Node fw = *t.node("fw-edge");
        fw.properties.insert("rules", "accept from internet port 53");
        t.replaceNode(fw);
        Run run;
        QVERIFY(start(&run, t, "dns-accepted"));
        QCOMPARE(writeGuestbook(run.gateway), 201);
        QVERIFY(findEvent(run.events, EventKind::FirewallAccept, "dns", "internet"));
        stop(&run);
    }

    // A rule naming a node the design does not have: the run does not start, and says which
    // firewall, which rule and what is wrong (check reports it too: tests/cli).
    void aBadRuleStopsTheStart() {
        TopologyData t = m_secured;
        Node fw = *t.node("server-1-fw");
        fw.properties.insert("rules", "accept from server-9 port 3306");
        t.replaceNode(fw);
        DesignGateway g;
        g.setOptions(options("bad-rule"));
        QSignalSpy failed(&g, &DesignGateway::startFailed);
        QString error;
        if (g.start(t, &error)) {
            QVERIFY(failed.wait(30000));
            error = failed.at(0).at(0).toString();
        }
        QVERIFY2(error.contains("firewall 'Host firewall' (server-1-fw), rule 1 'accept from "
                                "server-9 port 3306': no node 'server-9'"),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            g.state() == RuntimeState::Failed || g.state() == RuntimeState::Stopped, 15000);
        for (const NodeInfo &n : g.nodes())
            QVERIFY2(n.state != NodeState::Running, qPrintable(n.node));
    }

    void withoutTheFixTheDatabaseAcceptsEveryone() {
        Run run;
        QVERIFY(start(&run, withoutFirewalls(), "open"));
        const NodeInfo db = nodeInfo(run.gateway, "server-1-db");
        db::DbClient outsider;
        outsider.connectToServer(db.address, quint16(db.port));
        QVERIFY(outsider.waitForConnected(10000));
        const db::DbResult r = outsider.querySync("SELECT 1", {}, 10000);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(writeGuestbook(run.gateway), 201);
        for (const RuntimeEvent &e : std::as_const(run.events))
            QVERIFY(e.kind != EventKind::FirewallAccept && e.kind != EventKind::FirewallDrop &&
                    e.kind != EventKind::FirewallReject);
        stop(&run);
    }
};

QTEST_GUILESS_MAIN(TestFirewall)
#include "tst_firewall.moc"
