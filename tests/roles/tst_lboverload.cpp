// The lb role under overload, as HAProxy behaves: a server at its maxconn makes requests wait in
// a queue, "timeout queue" answers 503 to those that waited too long, "timeout http-request"
// answers 408 to a client whose request does not come, while an idle keep-alive connection
// lives "timeout client"; a frontend at its maxconn leaves connections in the accept queue.
#include "burst.h"
#include "nodeharness.h"
#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QtTest>

using Node = NodeHarness::Node;

namespace {

QJsonObject details(const QJsonObject &event) {
    return event.value(QLatin1String("details")).toObject();
}

} // namespace

class TestLbOverload : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void queueTimeoutAnswers503_data();
    void queueTimeoutAnswers503();
    void queuedRequestIsServedWhenASlotFrees();
    void httpRequestTimeoutIsNotTheKeepAliveTimeout();
    void frontendMaxconnHoldsConnectionsBack();

private:
    Node *slowLb(const QJsonObject &extra);
    int count(Node *node, const QString &kind);

    NodeHarness m_nodes;
    Node *m_web = nullptr;
};

void TestLbOverload::initTestCase() {
    m_web = m_nodes.startWebWithApp(QStringLiteral("server-1"));
    QVERIFY2(m_web, qPrintable(m_nodes.error()));
}

// An lb over the one web server, with checks far apart (the server is slowed on purpose).
Node *TestLbOverload::slowLb(const QJsonObject &extra) {
    QJsonObject config{{"check", QJsonObject{{"inter", 600000}, {"fall", 3}, {"rise", 2}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        config.insert(it.key(), it.value());
    return m_nodes.startLb({m_web}, config);
}

int TestLbOverload::count(Node *node, const QString &kind) {
    int n = 0;
    for (const QJsonObject &e : m_nodes.events(node))
        n += e.value(QLatin1String("kind")).toString() == kind ? 1 : 0;
    return n;
}

void TestLbOverload::queueTimeoutAnswers503_data() {
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("queue");
    // roundrobin passes over a full server: all full, the request waits in the backend's queue;
    // a source hash is bound to its server and waits in that server's own queue.
    QTest::newRow("roundrobin") << QStringLiteral("roundrobin") << QStringLiteral("backend");
    QTest::newRow("source") << QStringLiteral("source") << QStringLiteral("server");
}

void TestLbOverload::queueTimeoutAnswers503() {
    QFETCH(QString, algorithm);
    QFETCH(QString, queue);
    const int queueMs = 300;
    const QJsonArray servers{QJsonObject{
        {"id", m_web->id}, {"address", m_web->address}, {"port", m_web->port}, {"maxconn", 2}}};
    Node *lb = slowLb({{"algorithm", algorithm},
                       {"servers", servers},
                       {"timeouts", QJsonObject{{"queue", queueMs}}}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    // The server holds every request 3 s, ten times the queue timeout.
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 3000}}));

    Burst burst;
    QVERIFY(burst.send(lb->address, lb->port, 5, "GET / HTTP/1.1\r\nHost: www.foobar.com\r\n\r\n"));
    QVERIFY(burst.wait(15000));
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 0}}));
    QList<qint64> served;
    QList<qint64> refused;
    for (int i = 0; i < 5; ++i) {
        QVERIFY2(burst.status(i) == 200 || burst.status(i) == 503, burst.response(i).constData());
        (burst.status(i) == 200 ? served : refused).append(burst.arrivedMs(i));
        if (burst.status(i) == 503)
            QVERIFY(burst.response(i).contains("No server is available to handle this request."));
    }
    // Two requests are served; three waited, and left with 503 after the queue timeout, before
    // the server freed a slot.
    QCOMPARE(served.size(), 2);
    QCOMPARE(refused.size(), 3);
    for (qint64 t : refused) {
        QVERIFY2(t >= queueMs, qPrintable(QString::number(t)));
        QVERIFY(t < *std::min_element(served.begin(), served.end()));
    }
    QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.error"), 5000, [](const QJsonObject &d) {
        return d.value(QLatin1String("status")).toInt() == 503;
    }));
    QTRY_COMPARE(count(lb, QStringLiteral("lb.queue_timeout")), 3);
    QCOMPARE(count(lb, QStringLiteral("lb.queue")), 3);
    QCOMPARE(count(lb, QStringLiteral("lb.dequeue")), 0);
    // Each timeout follows its request's queueing, in its trace, then its 503.
    QHash<QString, QStringList> byTrace;
    for (const QJsonObject &e : m_nodes.events(lb)) {
        const QString kind = e.value(QLatin1String("kind")).toString();
        if (kind == QLatin1String("lb.queue")) {
            QCOMPARE(details(e).value(QLatin1String("queue")).toString(), queue);
            QCOMPARE(details(e).value(QLatin1String("timeout_ms")).toInt(), queueMs);
        }
        if (kind == QLatin1String("lb.queue") || kind == QLatin1String("lb.queue_timeout") ||
            kind == QLatin1String("lb.error"))
            byTrace[e.value(QLatin1String("trace")).toString()].append(kind);
    }
    QCOMPARE(byTrace.size(), 3);
    for (const QStringList &kinds : std::as_const(byTrace))
        QCOMPARE(kinds, QStringList({"lb.queue", "lb.queue_timeout", "lb.error"}));
    // The stats listener counts them.
    const QByteArray metrics =
        httpGet(lb->ready.value(QLatin1String("stats_address")).toString(),
                lb->ready.value(QLatin1String("stats_port")).toInt(), "/metrics")
            .body;
    QVERIFY2(metrics.contains("\ninfrastage_lb_queue_timeouts_total 3\n"), metrics.constData());
    QVERIFY(metrics.contains("\ninfrastage_lb_queued_total 3\n"));
    QVERIFY(metrics.contains("infrastage_lb_errors_total{status=\"503\"} 3\n"));
    m_nodes.kill(lb);
}

void TestLbOverload::queuedRequestIsServedWhenASlotFrees() {
    const QJsonArray servers{QJsonObject{
        {"id", m_web->id}, {"address", m_web->address}, {"port", m_web->port}, {"maxconn", 2}}};
    Node *lb = slowLb({{"servers", servers}, {"timeouts", QJsonObject{{"queue", 20000}}}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 500}}));
    Burst burst;
    QVERIFY(burst.send(lb->address, lb->port, 4, "GET / HTTP/1.1\r\nHost: www.foobar.com\r\n\r\n"));
    QVERIFY(burst.wait(20000));
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 0}}));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(burst.status(i), 200);
    // Two waited, each for a slot freed by a finished request: never more than two at once.
    QTRY_COMPARE(count(lb, QStringLiteral("lb.dequeue")), 2);
    QCOMPARE(count(lb, QStringLiteral("lb.queue")), 2);
    QCOMPARE(count(lb, QStringLiteral("lb.queue_timeout")), 0);
    int inFlight = 0;
    int most = 0;
    for (const QJsonObject &e : m_nodes.events(lb)) {
        const QString kind = e.value(QLatin1String("kind")).toString();
        if (kind == QLatin1String("lb.forward"))
            most = std::max(most, ++inFlight);
        if (kind == QLatin1String("lb.response"))
            --inFlight;
        if (kind == QLatin1String("lb.dequeue"))
            QVERIFY(details(e).value(QLatin1String("waited_us")).toInteger() > 0);
    }
    QCOMPARE(most, 2);
    m_nodes.kill(lb);
}

void TestLbOverload::httpRequestTimeoutIsNotTheKeepAliveTimeout() {
    const int requestMs = 300;
    const int clientMs = 3000;
    Node *lb =
        slowLb({{"timeouts", QJsonObject{{"http_request", requestMs}, {"client", clientMs}}}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    QElapsedTimer clock;
    clock.start();
    // A kept-alive client whose first request is answered, then idles.
    TestHttpClient idle(lb->address, lb->port);
    QCOMPARE(idle.get("/").status, 200);
    // A client that sends half a request, and one that sends nothing at all.
    // (Before it connects: the lb's "timeout http-request" cannot start earlier.)
    const qint64 partialSent = clock.elapsed();
    QTcpSocket partial;
    partial.connectToHost(lb->address, quint16(lb->port));
    QVERIFY(partial.waitForConnected(5000));
    partial.write("GET / HTTP/1.1\r\nHost: www.foobar.com\r\n");
    QTcpSocket silent;
    silent.connectToHost(lb->address, quint16(lb->port));
    QVERIFY(silent.waitForConnected(5000));

    // Both get HAProxy's 408 after "timeout http-request", and are closed.
    for (QTcpSocket *s : {&partial, &silent}) {
        QByteArray reply;
        QVERIFY(QTest::qWaitFor(
            [s, &reply] {
                reply += s->readAll();
                return s->state() == QAbstractSocket::UnconnectedState;
            },
            10000));
        reply += s->readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 408 Request Time-out\r\n"), reply.constData());
        QVERIFY(reply.contains("Your browser didn't send a complete request in time."));
    }
    QVERIFY(clock.elapsed() - partialSent >= requestMs);
    // The idle keep-alive connection outlived both: a second request goes on the same one.
    QVERIFY(idle.connected());
    const int before = count(lb, QStringLiteral("lb.request"));
    // The connection's last activity is after this instant (the lb answers the request below):
    // a lower bound of when its "timeout client" can end, however late this process runs.
    const qint64 beforeRequest = clock.elapsed();
    QCOMPARE(idle.get("/").status, 200);
    QVERIFY(idle.connected());
    QTRY_COMPARE(count(lb, QStringLiteral("lb.request")), before + 1);
    // It is closed only after "timeout client" of silence, without a 408.
    QVERIFY(QTest::qWaitFor(
        [&idle] { return idle.socket().state() == QAbstractSocket::UnconnectedState; }, 15000));
    QVERIFY2(clock.elapsed() - beforeRequest >= clientMs,
             qPrintable(QString::number(clock.elapsed() - beforeRequest)));
    QCOMPARE(idle.socket().readAll(), QByteArray());
    QVERIFY(
        m_nodes.waitForEvent(lb, QStringLiteral("http.rejected"), 5000, [](const QJsonObject &d) {
            return d.value(QLatin1String("status")).toInt() == 408;
        }));
    m_nodes.kill(lb);
}

void TestLbOverload::frontendMaxconnHoldsConnectionsBack() {
    Node *lb = slowLb({{"maxconn", 2}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 400}}));
    // Three connections, each closed after its response: the third is taken only when one of
    // the first two has closed, so its answer comes after theirs.
    Burst burst;
    QVERIFY(burst.send(lb->address, lb->port, 3,
                       "GET / HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n"));
    QVERIFY(burst.wait(20000));
    QVERIFY(m_nodes.controlApplied(m_web, {{"cmd", "slow"}, {"ms", 0}}));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(burst.status(i), 200);
    // (350: the server's 400 ms, less the 10 ms steps in which arrivals are seen.)
    QVERIFY2(burst.arrivedMs(2) >= std::min(burst.arrivedMs(0), burst.arrivedMs(1)) + 350,
             qPrintable(QStringLiteral("%1 %2 %3")
                            .arg(burst.arrivedMs(0))
                            .arg(burst.arrivedMs(1))
                            .arg(burst.arrivedMs(2))));
    QVERIFY(m_nodes.waitForEvent(
        lb, QStringLiteral("lb.frontend_full"), 5000,
        [](const QJsonObject &d) { return d.value(QLatin1String("maxconn")).toInt() == 2; }));
    QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.frontend_resumed"), 5000));
    m_nodes.kill(lb);
}

QTEST_GUILESS_MAIN(TestLbOverload)
#include "tst_lboverload.moc"
