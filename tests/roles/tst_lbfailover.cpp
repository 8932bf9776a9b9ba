// The lb role when servers fail: health checks (inter/fall/rise), retries and redispatch, and
// HAProxy's 502/503/504.
#include "fakebackend.h"
#include "nodeharness.h"
#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QtTest>

using Node = NodeHarness::Node;

class TestLbFailover : public QObject {
    Q_OBJECT

private slots:
    void healthChecksMarkDownAndUp();
    void retriesHideAKilledServer();
    void noServerGives503();
    void slowServerGives504();
    void brokenResponseGives502();
    void responsesAreForwardedWhateverTheirFraming_data();
    void responsesAreForwardedWhateverTheirFraming();
    void redirectsToHttps();
    void cutPeerIsRefused();
};

static bool isUpEvent(const QJsonObject &d, const QString &server, const QString &to) {
    return d.value("server").toString() == server && d.value("to").toString() == to;
}

void TestLbFailover::healthChecksMarkDownAndUp() {
    NodeHarness nodes;
    Node *web1 = nodes.startWebWithApp(QStringLiteral("server-1"));
    Node *web2 = nodes.startWebWithApp(QStringLiteral("server-2"));
    QVERIFY2(web1 && web2, qPrintable(nodes.error()));
    // inter 200 ms, fall 2, rise 2 (NodeHarness::startLb).
    Node *lb = nodes.startLb({web1, web2});
    QVERIFY2(lb, qPrintable(nodes.error()));
    QTest::qWait(600); // both servers pass checks and become fully healthy
    QElapsedTimer t;
    t.start();
    nodes.kill(web2);
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.health"), 5000, [](const QJsonObject &d) {
        return isUpEvent(d, QStringLiteral("server-2-web"), QStringLiteral("DOWN")) &&
               d.value("check").toString().startsWith(QLatin1String("Layer4 connection problem")) &&
               d.value("up_servers").toInt() == 1;
    }));
    qInfo("DOWN reported %lld ms after the kill (fall 2 x inter 200)", t.elapsed());
    // While DOWN, every request goes to server-1.
    for (int i = 0; i < 4; ++i) {
        const auto r = httpGet(lb->address, lb->port, "/");
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("X-Served-By").startsWith("server-1"));
    }
    QVERIFY2(nodes.restart(web2), qPrintable(nodes.error()));
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.health"), 5000, [](const QJsonObject &d) {
        return isUpEvent(d, QStringLiteral("server-2-web"), QStringLiteral("UP")) &&
               d.value("check").toString().startsWith(QLatin1String("Layer7 check passed"));
    }));
    QSet<QByteArray> seen;
    for (int i = 0; i < 4; ++i)
        seen.insert(httpGet(lb->address, lb->port, "/").headers.value("X-Served-By"));
    QCOMPARE(seen.size(), 2);
}

void TestLbFailover::retriesHideAKilledServer() {
    NodeHarness nodes;
    Node *web1 = nodes.startWebWithApp(QStringLiteral("server-1"));
    Node *web2 = nodes.startWebWithApp(QStringLiteral("server-2"));
    QVERIFY2(web1 && web2, qPrintable(nodes.error()));
    // Checks far apart: the lb cannot know the server died, only retries can save requests.
    Node *lb = nodes.startLb({web1, web2}, QJsonObject{{"check", QJsonObject{{"inter", 30000}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    TestHttpClient keepAlive(lb->address, lb->port);
    int errors = 0;
    for (int i = 0; i < 30; ++i) {
        if (i == 10)
            nodes.kill(web2);
        const auto a = keepAlive.get("/api/info");
        const auto b = httpGet(lb->address, lb->port, "/");
        errors += (a.status != 200) + (b.status != 200);
        if (a.status != 200 || b.status != 200)
            qWarning("request %d: keep-alive %d (%s), new connection %d (%s)", i, a.status,
                     qPrintable(keepAlive.lastError()), b.status, a.body.left(200).constData());
    }
    QCOMPARE(errors, 0);
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.retry"), 1000, [](const QJsonObject &d) {
        return d.value("server").toString() == QLatin1String("server-2-web") &&
               d.value("redispatch").toBool();
    }));
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.choice"), 1000, [](const QJsonObject &d) {
        return d.value("reason").toString().startsWith(QLatin1String("redispatch")) &&
               d.value("server").toString() == QLatin1String("server-1-web");
    }));
}

void TestLbFailover::noServerGives503() {
    NodeHarness nodes;
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const int deadPort = closed.serverPort();
    closed.close();
    Node *lb = nodes.start(
        QStringLiteral("lb"), QStringLiteral("lb"),
        QJsonObject{{"servers", QJsonArray{QJsonObject{
                                    {"id", "gone"}, {"address", "127.0.0.1"}, {"port", deadPort}}}},
                    {"check", QJsonObject{{"inter", 100}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    // First retries exhaust (connection refused), then the check marks it DOWN: 503 both ways.
    const auto r = httpGet(lb->address, lb->port, "/");
    QCOMPARE(r.status, 503);
    QCOMPARE(r.body,
             QByteArray("<html><body><h1>503 Service Unavailable</h1>\nNo server is available "
                        "to handle this request.\n</body></html>\n"));
    QCOMPARE(r.headers.value("content-type"), QByteArray("text/html"));
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.health"), 3000));
    QCOMPARE(httpGet(lb->address, lb->port, "/").status, 503);
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.error"), 1000, [](const QJsonObject &d) {
        return d.value("status").toInt() == 503;
    }));
}

void TestLbFailover::slowServerGives504() {
    NodeHarness nodes;
    Node *web = nodes.startWebWithApp(QStringLiteral("server-1"));
    QVERIFY2(web, qPrintable(nodes.error()));
    Node *lb = nodes.startLb({web}, QJsonObject{{"timeouts", QJsonObject{{"server", 300}}},
                                                {"check", QJsonObject{{"inter", 30000}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    QTest::qWait(200); // let the first check pass before the server turns slow
    nodes.control(web, QJsonObject{{"cmd", "slow"}, {"ms", 1500}});
    QVERIFY(nodes.waitForEvent(web, QStringLiteral("control.applied"), 2000));
    const auto r = httpGet(lb->address, lb->port, "/");
    QCOMPARE(r.status, 504);
    QCOMPARE(r.reason, QByteArray("Gateway Time-out"));
    QVERIFY(r.body.contains("The server didn't respond in time."));
}

void TestLbFailover::brokenResponseGives502() {
    NodeHarness nodes;
    // Promises 100 bytes, sends 5, closes.
    FakeBackend fake("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
    Node *lb = nodes.start(QStringLiteral("lb"), QStringLiteral("lb"),
                           QJsonObject{{"servers", QJsonArray{QJsonObject{{"id", "broken"},
                                                                          {"address", "127.0.0.1"},
                                                                          {"port", fake.port()}}}},
                                       {"check", QJsonObject{{"inter", 30000}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    const auto r = httpGet(lb->address, lb->port, "/");
    QCOMPARE(r.status, 502);
    QVERIFY(r.body.contains("The server returned an invalid or incomplete response."));
    // The lb itself keeps serving.
    QCOMPARE(httpGet(lb->address, lb->port, "/").status, 502);
}

// A plain answer goes back as its own bytes (PlainResponse); the others are rewritten: the
// client sees the same body, framed by Content-Length, without the server's connection fields.
void TestLbFailover::responsesAreForwardedWhateverTheirFraming_data() {
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("plain") << QByteArray(
                                  "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nhello")
                           << 200 << QByteArray("hello");
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nX-A: 1\r\nTransfer-Encoding: "
                                           "chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n")
                             << 200 << QByteArray("hello");
    QTest::newRow("Connection: close")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: 1\r\nConnection: close\r\nContent-Length: "
                      "5\r\n\r\nhello")
        << 200 << QByteArray("hello");
    QTest::newRow("HTTP/1.0, to the end of the connection")
        << QByteArray("HTTP/1.0 404 Not Found\r\nX-A: 1\r\n\r\nhello") << 404
        << QByteArray("hello");
    QTest::newRow("a byte after the response")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nhelloX") << 502
        << QByteArray();
}

void TestLbFailover::responsesAreForwardedWhateverTheirFraming() {
    QFETCH(QByteArray, reply);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    NodeHarness nodes;
    FakeBackend fake(reply);
    Node *lb = nodes.start(QStringLiteral("lb"), QStringLiteral("lb"),
                           QJsonObject{{"servers", QJsonArray{QJsonObject{{"id", "fake"},
                                                                          {"address", "127.0.0.1"},
                                                                          {"port", fake.port()}}}},
                                       {"retries", 0},
                                       {"check", QJsonObject{{"inter", 30000}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    TestHttpClient c(lb->address, lb->port);
    for (int i = 0; i < 2; ++i) { // the client's connection stays usable
        const auto r = c.get("/");
        QCOMPARE(r.status, status);
        if (status == 502)
            continue;
        QCOMPARE(r.body, body);
        QCOMPARE(r.headers.value("X-A"), QByteArray("1"));
        QCOMPARE(r.headers.value("Content-Length"), QByteArray::number(body.size()));
        QVERIFY(!r.headers.contains("Connection"));
        QVERIFY(!r.headers.contains("Transfer-Encoding"));
        QVERIFY(c.connected());
    }
}

void TestLbFailover::redirectsToHttps() {
    NodeHarness nodes;
    Node *web = nodes.startWebWithApp(QStringLiteral("server-1"));
    QVERIFY2(web, qPrintable(nodes.error()));
    Node *lb = nodes.startLb(
        {web}, QJsonObject{{"https", QJsonObject{{"port", 8443}, {"redirect_http", true}}}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    TestHttpClient c(lb->address, lb->port);
    const auto r = c.exchange("GET /a/b?c=1 HTTP/1.1\r\nHost: www.foobar.com:8080\r\n\r\n");
    QCOMPARE(r.status, 301);
    QCOMPARE(r.headers.value("Location"), QByteArray("https://www.foobar.com:8443/a/b?c=1"));
}

void TestLbFailover::cutPeerIsRefused() {
    NodeHarness nodes;
    Node *web = nodes.startWebWithApp(QStringLiteral("server-1"));
    QVERIFY2(web, qPrintable(nodes.error()));
    Node *lb = nodes.startLb(
        {web}, QJsonObject{{"check", QJsonObject{{"inter", 30000}}}, {"detail", true}});
    QVERIFY2(lb, qPrintable(nodes.error()));
    QCOMPARE(httpGet(lb->address, lb->port, "/").status, 200);
    // The first check comes soon after the start and the next one in 30 s. Were it to find the
    // cut, the server would be DOWN (503, as HAProxy at start); this test is about retries
    // against an UP server, so it cuts only after that first check passed.
    QVERIFY(nodes.waitForEvent(lb, QStringLiteral("lb.check"), 5000,
                               [](const QJsonObject &d) { return d.value("ok").toBool(); }));
    nodes.control(web, QJsonObject{{"cmd", "cut"}, {"peer", lb->address}});
    QVERIFY(nodes.waitForEvent(web, QStringLiteral("control.applied"), 2000));
    // The web drops the lb's connections as soon as it accepts them (the kernel has completed
    // the handshake, so the lb sees an empty response): retries exhaust, 502 as HAProxy.
    QCOMPARE(httpGet(lb->address, lb->port, "/").status, 502);
    QVERIFY(
        nodes.waitForEvent(web, QStringLiteral("http.rejected"), 2000,
                           [](const QJsonObject &d) { return d.value("status").toInt() == 0; }));
    nodes.control(web, QJsonObject{{"cmd", "heal"}, {"peer", lb->address}});
    QVERIFY(
        nodes.waitForEvent(web, QStringLiteral("control.applied"), 2000, [](const QJsonObject &d) {
            return d.value("cmd").toString() == QLatin1String("heal");
        }));
    QCOMPARE(httpGet(lb->address, lb->port, "/").status, 200);
}

QTEST_GUILESS_MAIN(TestLbFailover)
#include "tst_lbfailover.moc"
