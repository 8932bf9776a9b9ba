// The libhttp-parser wrapper every role uses, fed well-formed, split, pipelined and hostile bytes.
#include "httpparser.h"
#include "plainresponse.h"
#include "tracecontext.h"

#include <QRandomGenerator>
#include <QtTest>

using infrastage::http::HttpParser;
using infrastage::http::PlainResponse;

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
    void fieldNamesCompareWithoutCase();
    void plainResponse_data();
    void plainResponse();
    void plainResponseIsOneTheParserAccepts();
    void plainResponseInPieces();
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
    QRandomGenerator rng(21);
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
    QCOMPARE(t.traceId().toByteArray(), QByteArray("4bf92f3577b34da6a3ce929d0e0e4736"));
    QCOMPARE(t.parentSpan().toByteArray(), QByteArray("00f067aa0ba902b7"));
    QVERIFY(!t.started);
    QVERIFY(t.spanId() != t.parentSpan());
    QCOMPARE(t.spanId().size(), 16);
    QVERIFY(t.traceparent().startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
    HttpHeaders bad;
    bad.add("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    const TraceContext n = TraceContext::fromHeaders(bad, true);
    QVERIFY(n.started);
    QCOMPARE(n.traceId().size(), 32);
    QVERIFY(n.parentSpan().isEmpty());
    QVERIFY(!TraceContext::fromHeaders(bad, false).valid());
}

// Names are equal but for the case of ASCII letters; other bytes that differ by 0x20 are not.
void TestHttpParser::fieldNamesCompareWithoutCase() {
    using infrastage::http::HttpHeaders;
    HttpHeaders h;
    h.add("Content-Length", "5");
    h.add("X-@[\\]^_", "punctuation");
    h.add("Host", "a");
    QCOMPARE(h.value("content-length"), QByteArray("5"));
    QCOMPARE(h.value("CONTENT-LENGTH"), QByteArray("5"));
    QCOMPARE(h.value("HOST"), QByteArray("a"));
    QCOMPARE(h.value("hosT"), QByteArray("a"));
    QVERIFY(!h.contains("Hos"));
    QVERIFY(!h.contains("Hosts"));
    QVERIFY(!h.contains("Content_Length"));
    QCOMPARE(h.value("x-@[\\]^_"), QByteArray("punctuation"));
    QVERIFY(!h.contains("X-`{|}~\x7f")); // each byte 0x20 above the field's: not letters
    QVERIFY(!h.contains("X-@[\\]^\x7f"));
    QVERIFY(infrastage::http::equalsIgnoreCase("TraceParent", "traceparent"));
    QVERIFY(!infrastage::http::equalsIgnoreCase("traceparen", "traceparent"));
}

namespace {
constexpr qsizetype kHeaderLimit = 64 * 1024;
constexpr qsizetype kBodyLimit = 1024;

PlainResponse::Scan scan(const QByteArray &bytes, bool head = false, PlainResponse *out = nullptr) {
    PlainResponse ignored;
    return PlainResponse::scan(bytes.constData(), bytes.size(), head, kHeaderLimit, kBodyLimit,
                               out ? out : &ignored);
}
} // namespace

void TestHttpParser::plainResponse_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("head");
    QTest::addColumn<int>("verdict"); // PlainResponse::Scan
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<int>("size");
    const int plain = int(PlainResponse::Scan::Plain);
    const int notPlain = int(PlainResponse::Scan::NotPlain);
    const int needMore = int(PlainResponse::Scan::NeedMore);
    const QByteArray ok =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n";
    QTest::newRow("plain") << ok + "hello" << false << plain << 200 << 5 << int(ok.size()) + 5;
    QTest::newRow("body still coming")
        << ok + "he" << false << plain << 200 << 5 << int(ok.size()) + 5;
    QTest::newRow("header section still coming") << ok.left(30) << false << needMore << 0 << 0 << 0;
    QTest::newRow("HEAD: no body") << ok << true << plain << 200 << 0 << int(ok.size());
    const QByteArray noReason = "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n";
    QTest::newRow("no reason") << noReason << false << plain << 404 << 0 << int(noReason.size());
    const QByteArray spaces = "HTTP/1.1 200 OK\r\nX-A:  caf\xe9 \t\r\nContent-Length:0  \r\n\r\n";
    QTest::newRow("value spaces and obs-text")
        << spaces << false << plain << 200 << 0 << int(spaces.size());
    const auto no = [&](const char *name, const QByteArray &bytes) {
        QTest::newRow(name) << bytes << false << notPlain << 0 << 0 << 0;
    };
    no("HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    no("no Content-Length", "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nhello");
    no("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    no("Connection", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    no("Keep-Alive", "HTTP/1.1 200 OK\r\nkeep-alive: 5\r\nContent-Length: 0\r\n\r\n");
    no("Upgrade", "HTTP/1.1 200 OK\r\nUpgrade: h2c\r\nContent-Length: 0\r\n\r\n");
    no("two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n");
    no("length not digits", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello");
    no("tab after the length", "HTTP/1.1 200 OK\r\nContent-Length: 5\t\r\n\r\nhello");
    no("empty length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n");
    no("length lookalike", "HTTP/1.1 200 OK\r\nContent-Lengthx: 1\r\nContent-Length: 0\r\n\r\n");
    no("body over the limit", "HTTP/1.1 200 OK\r\nContent-Length: 1025\r\n\r\n");
    no("folded line", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n");
    no("space before colon", "HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 0\r\n\r\n");
    no("bare LF", "HTTP/1.1 200 OK\r\nX-A: 1\nX-B: 2\r\nContent-Length: 0\r\n\r\n");
    no("bare CR", "HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\nContent-Length: 0\r\n\r\n");
    no("control in value", "HTTP/1.1 200 OK\r\nX-A: 1\x01\r\nContent-Length: 0\r\n\r\n");
    no("204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    no("interim", "HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n");
    no("not HTTP", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n");
}

void TestHttpParser::plainResponse() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, head);
    QFETCH(int, verdict);
    PlainResponse r;
    QCOMPARE(int(scan(bytes, head, &r)), verdict);
    if (verdict != int(PlainResponse::Scan::Plain))
        return;
    QTEST(r.status, "status");
    QTEST(int(r.bodySize), "bodySize");
    QTEST(int(r.size), "size");
}

// What the scanner calls plain the parser must take as exactly that one response: its bytes are
// forwarded unchanged, so the scanner may never let through what the parser would refuse.
void TestHttpParser::plainResponseIsOneTheParserAccepts() {
    const QByteArray base = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Served-By: a, b\r\n"
                            "Content-Length: 5\r\nETag: \"1-2\"\r\n\r\nhello";
    const char alphabet[] = {'\r', '\n',   ' ',    '\t', ':', '0', '9', 'a', 'T',
                             '\0', '\x7f', '\x80', '"',  '-', '1', 'C', ','};
    QRandomGenerator rng(21);
    int plain = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray bytes = base;
        const int edits = 1 + int(rng.bounded(3));
        for (int e = 0; e < edits; ++e) {
            const int at = int(rng.bounded(int(bytes.size())));
            const char c = alphabet[rng.bounded(int(sizeof alphabet))];
            switch (rng.bounded(3)) {
            case 0:
                bytes[at] = c;
                break;
            case 1:
                bytes.insert(at, c);
                break;
            default:
                bytes.remove(at, 1);
                break;
            }
        }
        PlainResponse r;
        if (scan(bytes, false, &r) != PlainResponse::Scan::Plain || r.size != bytes.size())
            continue;
        ++plain;
        HttpParser p(HttpParser::Mode::Response);
        QVERIFY2(p.feed(bytes.constData(), bytes.size()), bytes.toPercentEncoding().constData());
        QVERIFY2(p.hasResponse() && !p.inMessage(), bytes.toPercentEncoding().constData());
        const auto response = p.takeResponse();
        QVERIFY(!p.hasResponse());
        QCOMPARE(response.status, r.status);
        QCOMPARE(response.body.size(), r.bodySize);
        QVERIFY(response.keepAlive);
        for (const auto &f : response.headers.fields())
            QVERIFY(!infrastage::http::isHopByHop(f.first) ||
                    infrastage::http::equalsIgnoreCase(f.first, "content-length"));
    }
    QVERIFY2(plain > 1000, QByteArray::number(plain).constData()); // the test saw plain ones
}

// A response read in pieces: until its header section is whole, more is needed; from then on
// it is plain, with the same size.
void TestHttpParser::plainResponseInPieces() {
    const QByteArray head = "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\n";
    const QByteArray whole = head + "hello";
    for (qsizetype n = 0; n <= whole.size(); ++n) {
        PlainResponse r;
        const auto verdict = scan(whole.left(n), false, &r);
        if (n < head.size()) {
            QCOMPARE(verdict, PlainResponse::Scan::NeedMore);
            continue;
        }
        QCOMPARE(verdict, PlainResponse::Scan::Plain);
        QCOMPARE(r.size, whole.size());
    }
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
