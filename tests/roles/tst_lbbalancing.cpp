// The lb role over real web+app processes: round robin, weights, leastconn, source hash, and the
// headers the application receives.
#include "nodeharness.h"
#include "testhttpclient.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

using Node = NodeHarness::Node;

class TestLbBalancing : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundRobinAlternatesExactly();
    void weightsInterleave();
    void leastConnAvoidsBusyServer();
    void sourceHashIsStable();
    void appSeesForwardedForAndTrace();
    void statsAndMetrics();
    void backupOnlyWhenActiveServersAreDown();
    void failedActiveServerIsRetriedNotTheBackup();
    void tcpModeSplicesConnections();
    void requestChoiceAndForwardShareALine();

private:
    // An lb's servers: `active` (server-3-web) and the shared server-1's web as its backup.
    QJsonArray activeAndBackup(const Node *active) const {
        return QJsonArray{QJsonObject{{"id", "server-3-web"},
                                      {"address", active->address},
                                      {"port", active->port}},
                          QJsonObject{{"id", "server-1-web"},
                                      {"address", m_web1->address},
                                      {"port", m_web1->port},
                                      {"backup", true}}};
    }
    // "server-1" from "server-1, server-1-app pid 42".
    static QString servedBy(const infrastage::http::HttpResponse &r) {
        return QString::fromLatin1(r.headers.value("X-Served-By")).section(QLatin1Char(','), 0, 0);
    }
    NodeHarness m_nodes;
    Node *m_web1 = nullptr;
    Node *m_web2 = nullptr;
};

void TestLbBalancing::initTestCase() {
    m_web1 = m_nodes.startWebWithApp(QStringLiteral("server-1"));
    QVERIFY2(m_web1, qPrintable(m_nodes.error()));
    m_web2 = m_nodes.startWebWithApp(QStringLiteral("server-2"));
    QVERIFY2(m_web2, qPrintable(m_nodes.error()));
}

void TestLbBalancing::roundRobinAlternatesExactly() {
    Node *lb = m_nodes.startLb({m_web1, m_web2});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    TestHttpClient client(lb->address, lb->port);
    QStringList order;
    for (int i = 0; i < 10; ++i) {
        const auto r = client.get("/api/info");
        QCOMPARE(r.status, 200);
        order << servedBy(r);
    }
    QCOMPARE(order.join(QLatin1Char(' ')),
             QStringLiteral("server-1 server-2 server-1 server-2 server-1 server-2 server-1 "
                            "server-2 server-1 server-2"));
    // Every choice is explained by the algorithm.
    QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.choice"), 2000, [](const QJsonObject &d) {
        return d.value(QLatin1String("reason")).toString() ==
               QLatin1String("roundrobin: next after server-1-web");
    }));
    // Separate connections alternate too: the choice is per request, not per connection.
    const QString a = servedBy(httpGet(lb->address, lb->port, "/"));
    const QString b = servedBy(httpGet(lb->address, lb->port, "/"));
    QVERIFY(a != b);
}

void TestLbBalancing::weightsInterleave() {
    QJsonArray servers{QJsonObject{{"id", "server-1-web"},
                                   {"address", m_web1->address},
                                   {"port", m_web1->port},
                                   {"weight", 3}},
                       QJsonObject{{"id", "server-2-web"},
                                   {"address", m_web2->address},
                                   {"port", m_web2->port},
                                   {"weight", 1}}};
    Node *lb = m_nodes.startLb({m_web1, m_web2}, QJsonObject{{"servers", servers}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    TestHttpClient client(lb->address, lb->port);
    QStringList order;
    for (int i = 0; i < 8; ++i)
        order << servedBy(client.get("/")).right(1);
    // Smooth weighted round robin: 3:1 as "1 1 2 1", never "1 1 1 2".
    QCOMPARE(order.join(QLatin1Char(' ')), QStringLiteral("1 1 2 1 1 1 2 1"));
}

void TestLbBalancing::leastConnAvoidsBusyServer() {
    // Long check interval: the checks' own timeout must outlast the slowed servers.
    Node *lb =
        m_nodes.startLb({m_web1, m_web2}, QJsonObject{{"algorithm", "leastconn"},
                                                      {"check", QJsonObject{{"inter", 10000}}}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    // Both servers slow: a request stays in flight long enough to be counted.
    m_nodes.control(m_web1, QJsonObject{{"cmd", "slow"}, {"ms", 1500}});
    m_nodes.control(m_web2, QJsonObject{{"cmd", "slow"}, {"ms", 1500}});
    QVERIFY(m_nodes.waitForEvent(m_web1, QStringLiteral("control.applied"), 2000));
    QVERIFY(m_nodes.waitForEvent(m_web2, QStringLiteral("control.applied"), 2000));
    TestHttpClient first(lb->address, lb->port);
    QVERIFY(first.connectIfNeeded());
    first.socket().write("GET /slow-first HTTP/1.1\r\nHost: x\r\n\r\n");
    first.socket().flush();
    QString firstServer;
    QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.choice"), 3000, [&](const QJsonObject &d) {
        firstServer = d.value(QLatin1String("server")).toString();
        return true;
    }));
    const int before = int(m_nodes.events(lb).size());
    const auto second = httpGet(lb->address, lb->port, "/api/info");
    QCOMPARE(second.status, 200);
    QString secondServer;
    QString reason;
    QVERIFY(m_nodes.waitForEvent(
        lb, QStringLiteral("lb.choice"), 3000,
        [&](const QJsonObject &d) {
            secondServer = d.value(QLatin1String("server")).toString();
            reason = d.value(QLatin1String("reason")).toString();
            return true;
        },
        before));
    QVERIFY2(secondServer != firstServer, qPrintable(secondServer + QLatin1Char(' ') + reason));
    QVERIFY2(reason.startsWith(QLatin1String("leastconn: 0 in flight")), qPrintable(reason));
    QCOMPARE(first.exchange(QByteArray()).status, 404); // /slow-first: not a file, no route
    m_nodes.control(m_web1, QJsonObject{{"cmd", "slow"}, {"ms", 0}});
    m_nodes.control(m_web2, QJsonObject{{"cmd", "slow"}, {"ms", 0}});
}

void TestLbBalancing::sourceHashIsStable() {
    Node *lb = m_nodes.startLb({m_web1, m_web2}, QJsonObject{{"algorithm", "source"}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    QSet<QString> used;
    for (int host = 2; host <= 12; ++host) {
        const QString source = QStringLiteral("127.0.0.%1").arg(host);
        QString first;
        for (int i = 0; i < 4; ++i) {
            TestHttpClient client(lb->address, lb->port, source); // a new connection each time
            const auto r = client.get("/");
            QCOMPARE(r.status, 200);
            if (first.isEmpty())
                first = servedBy(r);
            QCOMPARE(servedBy(r), first);
        }
        used.insert(first);
    }
    QCOMPARE(used.size(), 2); // different clients do spread over both servers
}

void TestLbBalancing::appSeesForwardedForAndTrace() {
    Node *lb = m_nodes.startLb({m_web1, m_web2});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    TestHttpClient client(lb->address, lb->port, QStringLiteral("127.0.0.7"));
    const QByteArray trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const auto r =
        client.get("/api/info", {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}});
    QCOMPARE(r.status, 200);
    const QJsonObject info = QJsonDocument::fromJson(r.body).object();
    // The lb added the client; the web appended the lb (both on 127.0.0.1 here).
    QCOMPARE(info.value("client").toString(), QStringLiteral("127.0.0.7, 127.0.0.1"));
    QCOMPARE(info.value("trace").toString(), QString::fromLatin1(trace));
    // Without a traceparent the lb starts a trace and the app continues it.
    const auto r2 = client.get("/api/info");
    const QString started = QJsonDocument::fromJson(r2.body).object().value("trace").toString();
    QCOMPARE(started.size(), 32);
    // The lb writes its events in batches: wait for this request's own, not any lb.request.
    QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.request"), 2000, [](const QJsonObject &d) {
        return d.value("trace_started").toBool();
    }));
    bool found = false;
    for (const QJsonObject &e : m_nodes.events(lb))
        if (e.value("kind").toString() == QLatin1String("lb.request") &&
            e.value("trace").toString() == started)
            found = e.value("details").toObject().value("trace_started").toBool();
    QVERIFY(found);
}

void TestLbBalancing::statsAndMetrics() {
    Node *lb = m_nodes.startLb({m_web1, m_web2});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(httpGet(lb->address, lb->port, "/").status, 200);
    const int statsPort = lb->ready.value("stats_port").toInt();
    QVERIFY(statsPort > 0);
    const auto page = httpGet(lb->address, statsPort, "/");
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("server-1-web"));
    const auto metrics = httpGet(lb->address, statsPort, "/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.headers.value("Content-Type").startsWith("text/plain; version=0.0.4"));
    QVERIFY(metrics.body.contains("infrastage_lb_server_up{server=\"server-1-web\"} 1"));
    QVERIFY(
        metrics.body.contains("infrastage_lb_server_requests_total{server=\"server-2-web\"} 2"));
    QVERIFY(metrics.body.contains("infrastage_lb_requests_total 4"));
}

void TestLbBalancing::backupOnlyWhenActiveServersAreDown() {
    NodeHarness own;
    Node *primary = own.startWebWithApp(QStringLiteral("server-3"));
    QVERIFY2(primary, qPrintable(own.error()));
    const QJsonArray servers = activeAndBackup(primary);
    Node *lb = own.startLb({primary}, QJsonObject{{"servers", servers}});
    QVERIFY2(lb, qPrintable(own.error()));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(servedBy(httpGet(lb->address, lb->port, "/")), QStringLiteral("server-3"));
    own.kill(primary);
    QVERIFY(own.waitForEvent(lb, QStringLiteral("lb.health"), 5000, [](const QJsonObject &d) {
        return d.value("to").toString() == QLatin1String("DOWN");
    }));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(servedBy(httpGet(lb->address, lb->port, "/")), QStringLiteral("server-1"));
    QVERIFY(own.waitForEvent(lb, QStringLiteral("lb.choice"), 1000, [](const QJsonObject &d) {
        return d.value("reason").toString().startsWith(QLatin1String("backup:"));
    }));
}

// A connection refused by the only active server, before the checks have it DOWN, is retried
// on that server, not redispatched to the backup (HAProxy: backups serve only when no active
// server is UP). Checks every 60 s: once the first one has passed (a server starts UP with the
// least health that counts, so a failure of that one would take it DOWN at once), none runs
// between the kill and the request.
void TestLbBalancing::failedActiveServerIsRetriedNotTheBackup() {
    NodeHarness own;
    Node *primary = own.startWebWithApp(QStringLiteral("server-3"));
    QVERIFY2(primary, qPrintable(own.error()));
    const QJsonArray servers = activeAndBackup(primary);
    Node *lb = own.startLb({primary}, QJsonObject{{"servers", servers},
                                                  {"check", QJsonObject{{"inter", 60000}}},
                                                  {"detail", true},
                                                  {"retries", 2},
                                                  {"redispatch", true}});
    QVERIFY2(lb, qPrintable(own.error()));
    QCOMPARE(servedBy(httpGet(lb->address, lb->port, "/")), QStringLiteral("server-3"));
    QVERIFY(own.waitForEvent(lb, QStringLiteral("lb.check"), 10000, [](const QJsonObject &d) {
        return d.value("server").toString() == QLatin1String("server-3-web") &&
               d.value("ok").toBool();
    }));
    own.kill(primary);
    const auto r = httpGet(lb->address, lb->port, "/");
    if (r.status != 503) { // say who answered, and what the lb did
        QThread::msleep(300);
        QString seen;
        for (const QJsonObject &e : own.events(lb))
            seen += QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact)) +
                    QLatin1Char('\n');
        QFAIL(qPrintable(QStringLiteral("status %1 served by '%2'; the lb's events:\n%3")
                             .arg(r.status)
                             .arg(servedBy(r), seen)));
    }
    QVERIFY(servedBy(r).isEmpty());
    // The retries went to server-3-web again; no choice named the backup.
    QVERIFY(own.waitForEvent(lb, QStringLiteral("lb.choice"), 1000, [](const QJsonObject &d) {
        return d.value("reason").toString().startsWith(QLatin1String("redispatch")) &&
               d.value("server").toString() == QLatin1String("server-3-web");
    }));
    QVERIFY(!own.waitForEvent(lb, QStringLiteral("lb.choice"), 200, [](const QJsonObject &d) {
        return d.value("server").toString() == QLatin1String("server-1-web");
    }));
}

void TestLbBalancing::tcpModeSplicesConnections() {
    Node *lb = m_nodes.startLb({m_web1, m_web2}, QJsonObject{{"mode", "tcp"}});
    QVERIFY2(lb, qPrintable(m_nodes.error()));
    // tcp mode balances connections: requests on one connection stay on one server.
    TestHttpClient one(lb->address, lb->port);
    const QString first = servedBy(one.get("/"));
    QVERIFY(first.startsWith(QLatin1String("server-")));
    QCOMPARE(servedBy(one.get("/style.css")), first);
    const QString next = servedBy(httpGet(lb->address, lb->port, "/"));
    QVERIFY(next != first);
    // Nothing of HTTP is touched: the app sees no X-Forwarded-For from the lb.
    const auto info = httpGet(lb->address, lb->port, "/api/info");
    QCOMPARE(QJsonDocument::fromJson(info.body).object().value("client").toString(),
             QStringLiteral("127.0.0.1"));
    QVERIFY(
        m_nodes.waitForEvent(lb, QStringLiteral("lb.tcp.close"), 3000, [](const QJsonObject &d) {
            return d.value("bytes_out").toInt() > 0 && d.value("bytes_in").toInt() > 0;
        }));
}

// Tracing writes lb.request, lb.choice and lb.forward as one line when the forward follows the
// request at once (events/eventpairs.h); the readers of the node's output (the harness here, as
// the orchestrator) get the three events back: lb.request at the time the request was read,
// lb.choice and lb.forward at the forward's, one trace, each with the fields it has on a line of
// its own. With detail on, each has a line of its own: lb.request carries the request as
// received, lb.forward as forwarded.
void TestLbBalancing::requestChoiceAndForwardShareALine() {
    QHash<QString, QStringList> keys[2]; // per detail: each event's field names
    for (const bool detail : {false, true}) {
        Node *lb = m_nodes.startLb({m_web1, m_web2}, {{"detail", detail}});
        QVERIFY2(lb, qPrintable(m_nodes.error()));
        TestHttpClient client(lb->address, lb->port);
        QCOMPARE(client.get("/").status, 200);
        QVERIFY(m_nodes.waitForEvent(lb, QStringLiteral("lb.response"), 5000));
        QFile raw(lb->eventsFile);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray text = raw.readAll();
        QCOMPARE(text.count("\"kind\":\"lb.request+choice+forward\""), detail ? 0 : 1);
        QCOMPARE(text.count("\"kind\":\"lb.choice+forward\""), 0);
        QCOMPARE(text.count("\"kind\":\"lb.request\""), detail ? 1 : 0);
        QCOMPARE(text.count("\"kind\":\"lb.forward\""), detail ? 1 : 0);
        QJsonObject request, choice, forward;
        for (const QJsonObject &e : m_nodes.events(lb)) {
            const QString kind = e.value("kind").toString();
            QVERIFY2(!kind.contains(QLatin1Char('+')), qPrintable(kind));
            if (kind == QLatin1String("lb.request"))
                request = e;
            else if (kind == QLatin1String("lb.choice"))
                choice = e;
            else if (kind == QLatin1String("lb.forward"))
                forward = e;
        }
        QVERIFY(!request.isEmpty() && !choice.isEmpty() && !forward.isEmpty());
        QCOMPARE(forward.value("t"), choice.value("t"));
        QVERIFY(request.value("t").toDouble() <= choice.value("t").toDouble());
        QVERIFY(choice.value("t").toDouble() - request.value("t").toDouble() < 1e9);
        QCOMPARE(forward.value("trace").toString().size(), 32);
        QCOMPARE(forward.value("trace"), choice.value("trace"));
        QCOMPARE(request.value("trace"), choice.value("trace"));
        QCOMPARE(request.value("node"), choice.value("node"));
        const QJsonObject r = request.value("details").toObject();
        const QJsonObject c = choice.value("details").toObject();
        const QJsonObject f = forward.value("details").toObject();
        for (const char *key : {"server", "address", "port", "attempt"})
            QCOMPARE(f.value(QLatin1String(key)), c.value(QLatin1String(key)));
        QCOMPARE(c.value("algorithm").toString(), QStringLiteral("roundrobin"));
        // The server's box and the request's Host header, each in its own event.
        QVERIFY(c.value("host").toString().startsWith(QStringLiteral("server-")));
        QVERIFY(r.contains("host") && r.value("host") != c.value("host"));
        QCOMPARE(r.value("method").toString(), QStringLiteral("GET"));
        QCOMPARE(r.value("target").toString(), QStringLiteral("/"));
        QVERIFY(r.value("client").toString().startsWith(QStringLiteral("127.0.0.1:")));
        QCOMPARE(r.value("trace_started"), QJsonValue(true));
        QVERIFY(!f.contains("reason") && !f.contains("host"));
        QCOMPARE(f.contains("forwarded"), detail);
        QCOMPARE(r.contains("received"), detail);
        for (const QJsonObject *e : {&request, &choice, &forward}) {
            QStringList names = e->value("details").toObject().keys();
            names.removeAll(QStringLiteral("received"));
            names.removeAll(QStringLiteral("forwarded"));
            keys[detail].insert(e->value("kind").toString(), names);
        }
    }
    // The one line and the three give the same fields.
    QCOMPARE(keys[0], keys[1]);
}

QTEST_GUILESS_MAIN(TestLbBalancing)
#include "tst_lbbalancing.moc"
