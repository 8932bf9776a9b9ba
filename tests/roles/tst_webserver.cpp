// The web role (and the HTTP server every role shares): static files with MIME types,
// ETag/Last-Modified/304, traversal refused, dynamic paths forwarded; hostile clients get
// 400/431/408 while others are still served.
#include "nodeharness.h"
#include "testhttpclient.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QtTest>

using Node = NodeHarness::Node;

class TestWebServer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void servesFilesWithMimeTypes();
    void conditionalRequestsGet304();
    void headHasNoBody();
    void traversalIsRefused_data();
    void traversalIsRefused();
    void symlinkOutOfRootIsRefused();
    void dynamicPathsGoToTheApp();
    void untracedServerPassesTheTraceOn();
    void malformedRequestGets400();
    void hugeHeadersGet431();
    void slowClientTimesOutWhileOthersAreServed();
    void pipelinedRequestsAnswerInOrder();

private:
    NodeHarness m_nodes;
    QString m_root;
    Node *m_web = nullptr;
    Node *m_app = nullptr;
};

void TestWebServer::initTestCase() {
    // A copy of the demo site plus a symlink that leads out of the root.
    m_root = m_nodes.dir() + QStringLiteral("/site");
    QVERIFY(QDir().mkpath(m_root + QStringLiteral("/sub")));
    for (const char *f : {"index.html", "style.css", "app.js"})
        QVERIFY(
            QFile::copy(QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/site/") + QLatin1String(f),
                        m_root + QLatin1Char('/') + QLatin1String(f)));
    QFile secret(m_nodes.dir() + QStringLiteral("/secret.txt"));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("secret\n");
    secret.close();
    QVERIFY(QFile::link(secret.fileName(), m_root + QStringLiteral("/sub/leak.txt")));
    QFile data(m_root + QStringLiteral("/sub/data.json"));
    QVERIFY(data.open(QIODevice::WriteOnly));
    data.write("{}\n");
    data.close();

    m_app = m_nodes.start(QStringLiteral("app"), QStringLiteral("app-1"),
                          QJsonObject{{"served_by", "server-1"}});
    QVERIFY2(m_app, qPrintable(m_nodes.error()));
    m_web =
        m_nodes.start(QStringLiteral("web"), QStringLiteral("web-1"),
                      QJsonObject{{"served_by", "server-1"},
                                  {"root", m_root},
                                  {"timeouts", QJsonObject{{"client", 800}}},
                                  {"upstreams", QJsonArray{QJsonObject{{"id", "app-1"},
                                                                       {"address", m_app->address},
                                                                       {"port", m_app->port}}}}});
    QVERIFY2(m_web, qPrintable(m_nodes.error()));
}

void TestWebServer::servesFilesWithMimeTypes() {
    TestHttpClient c(m_web->address, m_web->port);
    const auto index = c.get("/");
    QCOMPARE(index.status, 200);
    QCOMPARE(index.headers.value("Content-Type"), QByteArray("text/html; charset=utf-8"));
    QVERIFY(index.body.contains("www.foobar.com"));
    QCOMPARE(index.headers.value("X-Served-By"), QByteArray("server-1"));
    QCOMPARE(c.get("/style.css").headers.value("Content-Type"),
             QByteArray("text/css; charset=utf-8"));
    QCOMPARE(c.get("/app.js").headers.value("Content-Type"),
             QByteArray("text/javascript; charset=utf-8"));
    QCOMPARE(c.get("/sub/data.json").headers.value("Content-Type"), QByteArray("application/json"));
    QCOMPARE(c.get("/index.html").body, index.body);
    QVERIFY(
        m_nodes.waitForEvent(m_web, QStringLiteral("web.static"), 2000, [](const QJsonObject &d) {
            return d.value("file").toString() == QLatin1String("/style.css") &&
                   d.value("mime").toString().startsWith(QLatin1String("text/css"));
        }));
}

void TestWebServer::conditionalRequestsGet304() {
    TestHttpClient c(m_web->address, m_web->port);
    const auto first = c.get("/style.css");
    const QByteArray etag = first.headers.value("ETag");
    const QByteArray lastModified = first.headers.value("Last-Modified");
    QVERIFY(etag.startsWith('"') && etag.endsWith('"'));
    QVERIFY(lastModified.endsWith(" GMT"));
    const auto byTag = c.get("/style.css", {{"If-None-Match", etag}});
    QCOMPARE(byTag.status, 304);
    QVERIFY(byTag.body.isEmpty());
    QCOMPARE(byTag.headers.value("ETag"), etag);
    QCOMPARE(c.get("/style.css", {{"If-None-Match", "\"other\""}}).status, 200);
    QCOMPARE(c.get("/style.css", {{"If-Modified-Since", lastModified}}).status, 304);
    QCOMPARE(c.get("/style.css", {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:01 GMT"}}).status,
             200);
}

void TestWebServer::headHasNoBody() {
    TestHttpClient c(m_web->address, m_web->port);
    const auto r = c.exchange("HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 5000, true);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.isEmpty());
    QVERIFY(r.headers.value("Content-Length").toInt() > 100);
    // The connection is still in step: a GET after it works.
    QCOMPARE(c.get("/style.css").status, 200);
}

void TestWebServer::traversalIsRefused_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("dotdot") << QByteArray("/../secret.txt") << 403;
    QTest::newRow("deep dotdot") << QByteArray("/sub/../../secret.txt") << 403;
    QTest::newRow("encoded dots") << QByteArray("/%2e%2e/secret.txt") << 403;
    QTest::newRow("upper encoded") << QByteArray("/%2E%2E/%2E%2E/etc/passwd") << 403;
    QTest::newRow("encoded slash") << QByteArray("/..%2fsecret.txt") << 404;
    QTest::newRow("encoded slash 2") << QByteArray("/sub%2F..%2F..%2Fsecret.txt") << 404;
    QTest::newRow("backslash") << QByteArray("/..%5csecret.txt") << 404;
    QTest::newRow("nul") << QByteArray("/index.html%00.css") << 404;
}

void TestWebServer::traversalIsRefused() {
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    const auto r = httpGet(m_web->address, m_web->port, path);
    QCOMPARE(r.status, status);
    QVERIFY(!r.body.contains("secret"));
}

void TestWebServer::symlinkOutOfRootIsRefused() {
    const auto r = httpGet(m_web->address, m_web->port, "/sub/leak.txt");
    QCOMPARE(r.status, 403);
    QVERIFY(!r.body.contains("secret"));
    QVERIFY(
        m_nodes.waitForEvent(m_web, QStringLiteral("web.denied"), 2000, [](const QJsonObject &d) {
            return d.value("path").toString() == QLatin1String("/sub/leak.txt") &&
                   d.value("status").toInt() == 403;
        }));
}

void TestWebServer::dynamicPathsGoToTheApp() {
    TestHttpClient c(m_web->address, m_web->port);
    const auto info = c.get("/api/info");
    QCOMPARE(info.status, 200);
    const QByteArray servedBy = info.headers.value("X-Served-By");
    QVERIFY2(servedBy.startsWith("server-1, app-1 pid "), servedBy.constData());
    QCOMPARE(c.get("/health").body, QByteArray("OK\n"));
    QVERIFY(c.get("/hello").body.contains("server-1"));
    QCOMPARE(c.get("/no/such/thing").status, 404);
    QVERIFY(
        m_nodes.waitForEvent(m_app, QStringLiteral("app.request"), 2000, [](const QJsonObject &d) {
            return d.value("handler").toString() == QLatin1String("/api/info") &&
                   d.value("status").toInt() == 200;
        }));
}

// A server that does not trace reads the caller's traceparent only to pass it on: the app behind
// it continues the trace; a file is answered without it.
void TestWebServer::untracedServerPassesTheTraceOn() {
    Node *web =
        m_nodes.start(QStringLiteral("web"), QStringLiteral("web-quiet"),
                      QJsonObject{{"served_by", "server-1"},
                                  {"root", m_root},
                                  {"tracing", false},
                                  {"upstreams", QJsonArray{QJsonObject{{"id", "app-1"},
                                                                       {"address", m_app->address},
                                                                       {"port", m_app->port}}}}});
    QVERIFY2(web, qPrintable(m_nodes.error()));
    const QByteArray trace = "0af7651916cd43dd8448eb211c80319c";
    const QList<QPair<QByteArray, QByteArray>> headers{
        {"traceparent", "00-" + trace + "-b7ad6b7169203331-01"}};
    TestHttpClient c(web->address, web->port);
    const auto info = c.get("/api/info", headers);
    QCOMPARE(info.status, 200);
    QCOMPARE(QJsonDocument::fromJson(info.body).object().value("trace").toString(),
             QString::fromLatin1(trace));
    const auto file = c.get("/style.css", headers);
    QCOMPARE(file.status, 200);
    QVERIFY(file.body.size() > 0);
    // The server itself wrote no event about these requests.
    QTest::qWait(50);
    for (const QJsonObject &e : m_nodes.events(web))
        QVERIFY2(!e.value("kind").toString().startsWith(QLatin1String("web.")),
                 qPrintable(e.value("kind").toString()));
}

void TestWebServer::malformedRequestGets400() {
    TestHttpClient bad(m_web->address, m_web->port);
    const auto r = bad.exchange("GET / HTTP/1.1\r\nHost x\r\n\r\n"); // no colon
    QCOMPARE(r.status, 400);
    TestHttpClient bad2(m_web->address, m_web->port);
    QCOMPARE(bad2.exchange(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)).status,
             400);
    QCOMPARE(httpGet(m_web->address, m_web->port, "/").status, 200);
}

void TestWebServer::hugeHeadersGet431() {
    TestHttpClient c(m_web->address, m_web->port);
    const auto r = c.get("/", {{"X-Big", QByteArray(20000, 'a')}});
    QCOMPARE(r.status, 431);
    QCOMPARE(httpGet(m_web->address, m_web->port, "/").status, 200);
    QVERIFY(m_nodes.waitForEvent(
        m_web, QStringLiteral("http.rejected"), 2000,
        [](const QJsonObject &d) { return d.value("status").toInt() == 431; }));
}

void TestWebServer::slowClientTimesOutWhileOthersAreServed() {
    // Half a request, then silence (slowloris). timeouts.client is 800 ms.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress(m_web->address), quint16(m_web->port));
    QVERIFY(slow.waitForConnected(2000));
    slow.write("GET / HTTP/1.1\r\nHost: www.foo");
    slow.flush();
    // Meanwhile others are served at once.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(httpGet(m_web->address, m_web->port, "/style.css").status, 200);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (slow.state() == QAbstractSocket::ConnectedState && t.elapsed() < 8000) {
        slow.waitForReadyRead(200);
        got += slow.readAll();
    }
    got += slow.readAll();
    QVERIFY2(got.startsWith("HTTP/1.1 408 "), got.constData());
    QVERIFY(slow.state() != QAbstractSocket::ConnectedState);
}

void TestWebServer::pipelinedRequestsAnswerInOrder() {
    QTcpSocket s;
    s.connectToHost(QHostAddress(m_web->address), quint16(m_web->port));
    QVERIFY(s.waitForConnected(2000));
    s.write("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\nGET /api/info HTTP/1.1\r\nHost: x\r\n\r\n"
            "GET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 5000) {
        s.waitForReadyRead(200);
        all += s.readAll();
    }
    all += s.readAll();
    const qsizetype css = all.indexOf("text/css");
    const qsizetype json = all.indexOf("application/json");
    const qsizetype js = all.indexOf("text/javascript");
    QVERIFY2(css >= 0 && json > css && js > json, all.left(400).constData());
    QCOMPARE(all.count("HTTP/1.1 200 OK"), 3);
}

QTEST_GUILESS_MAIN(TestWebServer)
#include "tst_webserver.moc"
