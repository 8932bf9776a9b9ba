// The libhttp-parser wrapper every role uses, fed well-formed, split, pipelined and hostile bytes.
#include "httpparser.h"
#include "tracecontext.h"

#include <QRandomGenerator>
#include <QtTest>

using infrastage::http::HttpParser;

class TestHttpParser : public QObject {
    Q_OBJECT

private slots:
    void parsesARequest();
    void byteByByteGivesTheSameRequest();
    void pipelinedRequestsQueueInOrder();
    void chunkedBodyIsJoined();
    void malformed_data();
    void malformed();
    void headerLimitGives431();
    void bodyLimit();
    void responseToHeadHasNoBody();
    void responseEndingWithConnection();
    void randomBytesNeverCrash();
    void traceparentIsValidated();
};

void TestHttpParser::parsesARequest() {
    HttpParser p(HttpParser::Mode::Request);
    const QByteArray raw =
        "POST /api/x?y=1 HTTP/1.1\r\nHost: www.foobar.com\r\nX-A: 1\r\nx-a: 2\r\n"
        "Content-Length: 5\r\n\r\nhello";
    QVERIFY(p.feed(raw.constData(), raw.size()));
    QVERIFY(p.hasRequest());
    const auto r = p.takeRequest();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.target, QByteArray("/api/x?y=1"));
    QCOMPARE(r.path(), QByteArray("/api/x"));
    QCOMPARE(r.query(), QByteArray("y=1"));
    QCOMPARE(r.headers.value("host"), QByteArray("www.foobar.com"));
    QCOMPARE(r.headers.combined("X-A"), QByteArray("1, 2"));
    QCOMPARE(r.body, QByteArray("hello"));
    QVERIFY(r.keepAlive);
    QVERIFY(!p.inMessage());
}

void TestHttpParser::byteByByteGivesTheSameRequest() {
    const QByteArray raw = "GET /a HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\nLong: "
                           "value that spans\r\n\r\n";
    HttpParser p(HttpParser::Mode::Request);
    for (char c : raw)
        QVERIFY(p.feed(&c, 1));
    const auto r = p.takeRequest();
    QCOMPARE(r.headers.value("Long"), QByteArray("value that spans"));
    QCOMPARE(r.versionMinor, 0);
    QVERIFY(r.keepAlive); // HTTP/1.0 with Connection: keep-alive
}

void TestHttpParser::pipelinedRequestsQueueInOrder() {
    HttpParser p(HttpParser::Mode::Request);
    const QByteArray raw =
        "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\n"
        "Host: h\r\nConnection: close\r\n\r\n";
    QVERIFY(p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.queued(), 3);
    QCOMPARE(p.takeRequest().target, QByteArray("/1"));
    QCOMPARE(p.takeRequest().target, QByteArray("/2"));
    const auto last = p.takeRequest();
    QCOMPARE(last.target, QByteArray("/3"));
    QVERIFY(!last.keepAlive);
}

void TestHttpParser::chunkedBodyIsJoined() {
    HttpParser p(HttpParser::Mode::Request);
    const QByteArray raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n";
    QVERIFY(p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.takeRequest().body, QByteArray("abcdefg"));
}

void TestHttpParser::malformed_data() {
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost h\r\n\r\n");
    QTest::newRow("bad method") << QByteArray("G@T / HTTP/1.1\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/9.x\r\n\r\n");
    QTest::newRow("control in header name")
        << QByteArray("GET / HTTP/1.1\r\nBad\x01Name: x\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray(
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("length and chunked") << QByteArray(
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    QTest::newRow("bad chunk size")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("tls hello") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QTest::newRow("nul in target") << QByteArray("GET /\0x HTTP/1.1\r\n\r\n", 20);
    // Found by fuzz_httpparser: the library accepts both; a proxy must not.
    QTest::newRow("space before colon")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length : 3\r\n\r\nabc");
    QTest::newRow("no version (0.9)") << QByteArray("GET /index.html\r\nHost: h\r\n\r\n");
    QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
}

void TestHttpParser::malformed() {
    QFETCH(QByteArray, raw);
    HttpParser p(HttpParser::Mode::Request);
    QVERIFY(!p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.error(), HttpParser::Error::Malformed);
    QVERIFY(!p.errorText().isEmpty());
    // Once failed it stays failed and ignores more input.
    QVERIFY(!p.feed("GET / HTTP/1.1\r\n\r\n", 18));
    QVERIFY(!p.hasRequest());
}

void TestHttpParser::headerLimitGives431() {
    HttpParser p(HttpParser::Mode::Request);
    p.setHeaderLimit(1024);
    QByteArray raw = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 100; ++i)
        raw += "X-H" + QByteArray::number(i) + ": 0123456789\r\n";
    raw += "\r\n";
    QVERIFY(!p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.error(), HttpParser::Error::HeadersTooLarge);
    HttpParser longTarget(HttpParser::Mode::Request);
    longTarget.setHeaderLimit(1024);
    const QByteArray url = "GET /" + QByteArray(5000, 'a') + " HTTP/1.1\r\n\r\n";
    QVERIFY(!longTarget.feed(url.constData(), url.size()));
    QCOMPARE(longTarget.error(), HttpParser::Error::HeadersTooLarge);
}

void TestHttpParser::bodyLimit() {
    HttpParser p(HttpParser::Mode::Request);
    p.setBodyLimit(10);
    const QByteArray raw = "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n";
    QVERIFY(!p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.error(), HttpParser::Error::BodyTooLarge);
    HttpParser chunked(HttpParser::Mode::Request);
    chunked.setBodyLimit(10);
    const QByteArray c = "POST / HTTP/1.1\r\nTransfer-Encoding: "
                         "chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n";
    QVERIFY(!chunked.feed(c.constData(), c.size()));
    QCOMPARE(chunked.error(), HttpParser::Error::BodyTooLarge);
}

void TestHttpParser::responseToHeadHasNoBody() {
    HttpParser p(HttpParser::Mode::Response);
    p.expectHeadResponse(true);
    const QByteArray raw =
        "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
    QVERIFY(p.feed(raw.constData(), raw.size()));
    QCOMPARE(p.queued(), 2);
    const auto head = p.takeResponse();
    QCOMPARE(head.status, 200);
    QVERIFY(head.headRequest);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(p.takeResponse().status, 204);
}

void TestHttpParser::responseEndingWithConnection() {
    HttpParser p(HttpParser::Mode::Response);
    const QByteArray raw = "HTTP/1.0 200 OK\r\n\r\nuntil close";
    QVERIFY(p.feed(raw.constData(), raw.size()));
    QVERIFY(!p.hasResponse());
    p.finish();
    QVERIFY(p.hasResponse());
    const auto r = p.takeResponse();
    QCOMPARE(r.body, QByteArray("until close"));
    QVERIFY(!r.keepAlive);
}

void TestHttpParser::randomBytesNeverCrash() {
    // Hostile input: random bytes, and valid requests with random bytes flipped.
    QRandomGenerator rng(12345);
    const QByteArray valid = "GET /index.html HTTP/1.1\r\nHost: www.foobar.com\r\nAccept: */*\r\n"
                             "Content-Length: 4\r\n\r\nbody";
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray input;
        if (i % 2) {
            input = valid;
            for (int k = 0; k < 1 + i % 5; ++k)
                input[rng.bounded(int(input.size()))] = char(rng.bounded(256));
        } else {
            input.resize(rng.bounded(1, 300));
            for (char &c : input)
                c = char(rng.bounded(256));
        }
        HttpParser p(HttpParser::Mode::Request);
        p.setHeaderLimit(512);
        qsizetype at = 0;
        while (at < input.size()) {
            const qsizetype n = std::min<qsizetype>(input.size() - at, 1 + rng.bounded(40));
            if (!p.feed(input.constData() + at, n))
                break;
            at += n;
        }
        rejected += p.error() != HttpParser::Error::None;
        while (p.hasRequest())
            QVERIFY(!p.takeRequest().method.isEmpty());
    }
    QVERIFY(rejected > 1500); // nearly all random input is refused, none of it crashes
}

void TestHttpParser::traceparentIsValidated() {
    using infrastage::http::HttpHeaders;
    using infrastage::http::TraceContext;
    HttpHeaders h;
    h.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    const TraceContext t = TraceContext::fromHeaders(h, true);
    QCOMPARE(t.traceId, QByteArray("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(t.parentSpan, QByteArray("00f067aa0ba902b7"));
    QVERIFY(!t.started);
    QVERIFY(t.spanId() != t.parentSpan);
    QCOMPARE(t.spanId().size(), 16);
    QVERIFY(t.traceparent().startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
    HttpHeaders bad;
    bad.add("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    const TraceContext n = TraceContext::fromHeaders(bad, true);
    QVERIFY(n.started);
    QCOMPARE(n.traceId.size(), 32);
    QVERIFY(!TraceContext::fromHeaders(bad, false).valid());
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
