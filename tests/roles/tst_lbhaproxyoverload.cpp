// Real HAProxy, started from the haproxy.cfg the designer exports, and the lb role with the same
// values meet the same overload: a server at maxconn 2 held 3 s by a slowed web role, five
// requests at once, and a client that sends half a request. Both must answer alike: two 200s,
// three 503s (the same page) after "timeout queue" and before any 200, and the same 408 page.
#include "burst.h"
#include "exporter.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"
#include "nodeharness.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QtTest>

#include <csignal>
#include <sys/prctl.h>

using Node = NodeHarness::Node;

namespace {

constexpr int kQueueMs = 300;
constexpr int kRequestMs = 300;
constexpr int kClientMs = 3000;

struct Outcome {
    QList<int> statuses; // of the five requests, in arrival order
    QByteArray page503;  // body of a 503
    QByteArray page408;  // the reply to half a request
    QString error;       // what did not behave
};

quint16 freePort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QByteArray body(const QByteArray &response) {
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

// The same scenario against any front end on 127.0.0.1:`port`.
Outcome saturate(NodeHarness &nodes, Node *web, int port) {
    Outcome o;
    if (!nodes.controlApplied(web, {{"cmd", "slow"}, {"ms", 3000}})) {
        o.error = QStringLiteral("the web role was not slowed");
        return o;
    }
    Burst burst;
    if (!burst.send(QStringLiteral("127.0.0.1"), port, 5,
                    "GET / HTTP/1.1\r\nHost: www.foobar.com\r\n\r\n") ||
        !burst.wait(15000)) {
        o.error = QStringLiteral("no answer to every request");
        return o;
    }
    if (!nodes.controlApplied(web, {{"cmd", "slow"}, {"ms", 0}})) {
        o.error = QStringLiteral("the web role was not sped up again");
        return o;
    }
    QList<int> order;
    for (int i = 0; i < burst.size(); ++i)
        order.append(i);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return burst.arrivedMs(a) < burst.arrivedMs(b); });
    for (int i : order) {
        o.statuses.append(burst.status(i));
        if (burst.status(i) == 503) {
            o.page503 = body(burst.response(i));
            if (burst.arrivedMs(i) < kQueueMs)
                o.error = QStringLiteral("a 503 came after %1 ms").arg(burst.arrivedMs(i));
        }
    }
    QTcpSocket half;
    half.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!half.waitForConnected(5000)) {
        o.error = QStringLiteral("cannot connect");
        return o;
    }
    half.write("GET / HTTP/1.1\r\nHost: www.foobar.com\r\n");
    if (!QTest::qWaitFor(
            [&] {
                o.page408 += half.readAll();
                return half.state() == QAbstractSocket::UnconnectedState;
            },
            10000))
        o.error = QStringLiteral("half a request was not closed");
    o.page408 += half.readAll();
    return o;
}

} // namespace

class TestLbHaproxyOverload : public QObject {
    Q_OBJECT

private slots:
    void exportedHaproxyAndLbAgree() {
        QString found = QStandardPaths::findExecutable(QStringLiteral("haproxy"));
        if (found.isEmpty())
            found = QStandardPaths::findExecutable(QStringLiteral("haproxy"),
                                                   {QStringLiteral("/usr/sbin")});
        if (found.isEmpty())
            QSKIP("haproxy is not installed");
        NodeHarness nodes;
        Node *web = nodes.startWebWithApp(QStringLiteral("server-1"));
        QVERIFY2(web, qPrintable(nodes.error()));

        // The design: the reference example, its lb saturable at server-1 only.
        infrastage::TopologyData t;
        QString error;
        QVERIFY2(infrastage::TopologyFile::load(
                     QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"), &t,
                     &error),
                 qPrintable(error));
        infrastage::Node lb = *t.node(QStringLiteral("lb"));
        lb.properties.insert(QStringLiteral("timeout_queue"), kQueueMs);
        lb.properties.insert(QStringLiteral("timeout_http_request"), kRequestMs);
        lb.properties.insert(QStringLiteral("timeout_client"), kClientMs);
        lb.properties.insert(QStringLiteral("check_inter"), 600000); // the server is slowed
        t.replaceNode(lb);
        infrastage::Link link = *t.link(QStringLiteral("lb-server-1"));
        link.properties.insert(QStringLiteral("maxconn"), 2);
        t.replaceLink(link);
        t.removeLinkAt(t.linkIndex(QStringLiteral("lb-server-2")));
        const QString out = nodes.dir() + QStringLiteral("/export");
        QVERIFY2(infrastage::Exporters::find(QStringLiteral("configs"))
                     ->write(t, infrastage::ExportOptions(), out, &error),
                 qPrintable(error));
        QFile f(out + QStringLiteral("/hosts/lb/haproxy.cfg"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray cfg = f.readAll();
        QVERIFY2(cfg.contains("    timeout queue 300ms\n") &&
                     cfg.contains("    timeout http-request 300ms\n") && cfg.contains(" maxconn 2"),
                 cfg.constData());
        // Addresses rewritten to loopback; nothing may reach a design address.
        const quint16 haproxyPort = freePort();
        cfg.replace("8.8.8.8:80\n", "127.0.0.1:" + QByteArray::number(haproxyPort) + '\n');
        cfg.replace("8.8.8.8:8404", "127.0.0.1:" + QByteArray::number(freePort()));
        cfg.replace("192.168.1.10:80", web->address.toUtf8() + ':' + QByteArray::number(web->port));
        cfg.replace("    user haproxy\n", "").replace("    group haproxy\n", "");
        for (const QByteArray &line : cfg.split('\n'))
            QVERIFY2(line.startsWith('#') ||
                         (!line.contains("192.168.") && !line.contains("8.8.8.8")),
                     line.constData());
        const QString cfgPath = nodes.dir() + QStringLiteral("/haproxy.cfg");
        QFile w(cfgPath);
        QVERIFY(w.open(QIODevice::WriteOnly) && w.write(cfg) == cfg.size());
        w.close();
        QProcess engine;
        engine.setProcessChannelMode(QProcess::MergedChannels);
        engine.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        engine.start(found, {QStringLiteral("-db"), QStringLiteral("-f"), cfgPath});
        QVERIFY2(engine.waitForStarted(), qPrintable(engine.errorString()));
        auto stop = qScopeGuard([&] {
            engine.kill();
            engine.waitForFinished(5000);
        });
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         QTcpSocket probe;
                         probe.connectToHost(QHostAddress::LocalHost, haproxyPort);
                         return probe.waitForConnected(200) || engine.state() != QProcess::Running;
                     },
                     10000) &&
                     engine.state() == QProcess::Running,
                 engine.readAll().constData());

        // The lb role with the values the design gives it.
        Node *ours = nodes.startLb(
            {web}, {{"servers", QJsonArray{QJsonObject{{"id", web->id},
                                                       {"address", web->address},
                                                       {"port", web->port},
                                                       {"maxconn", 2}}}},
                    {"check", QJsonObject{{"inter", 600000}, {"fall", 3}, {"rise", 2}}},
                    {"timeouts", QJsonObject{{"queue", kQueueMs},
                                             {"http_request", kRequestMs},
                                             {"client", kClientMs}}}});
        QVERIFY2(ours, qPrintable(nodes.error()));

        const Outcome real = saturate(nodes, web, haproxyPort);
        QVERIFY2(real.error.isEmpty(), qPrintable(QStringLiteral("HAProxy: ") + real.error));
        const Outcome emulated = saturate(nodes, web, ours->port);
        QVERIFY2(emulated.error.isEmpty(), qPrintable(QStringLiteral("lb: ") + emulated.error));
        // HAProxy itself shows the expected pattern first, then the lb matches it.
        QCOMPARE(real.statuses, QList<int>({503, 503, 503, 200, 200}));
        QCOMPARE(emulated.statuses, real.statuses);
        QCOMPARE(emulated.page503, real.page503);
        QVERIFY2(real.page408.startsWith("HTTP/1.1 408 Request Time-out\r\n"),
                 real.page408.constData());
        QVERIFY2(emulated.page408.startsWith("HTTP/1.1 408 Request Time-out\r\n"),
                 emulated.page408.constData());
        QCOMPARE(body(emulated.page408), body(real.page408));
    }
};

QTEST_GUILESS_MAIN(TestLbHaproxyOverload)
#include "tst_lbhaproxyoverload.moc"
