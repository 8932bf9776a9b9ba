// EventLineParser reads node lines the way RuntimeEvent::fromJsonLine (the definition) does:
// the same fields for every line a role writes, whatever the key order, and the same answer
// for lines of any other shape, including broken ones.
#include "eventlineparser.h"
#include "events/eventpairs.h"

#include <QJsonDocument>
#include <QtTest>

using infrastage::runtime::EventLineParser;
using infrastage::runtime::RuntimeEvent;

namespace {
// The one event a line stands for (false if none, or if it gave two).
bool parseOne(EventLineParser &parser, QByteArrayView line, RuntimeEvent *event) {
    QList<RuntimeEvent> events;
    if (!parser.parse(line, &events) || events.size() != 1)
        return false;
    *event = events.takeFirst();
    return true;
}
bool parseOne(EventLineParser &&parser, QByteArrayView line, RuntimeEvent *event) {
    return parseOne(parser, line, event);
}
} // namespace

class TestEventLineParser final : public QObject {
    Q_OBJECT

private slots:
    void readsLikeTheDefinition_data() {
        QTest::addColumn<QByteArray>("line");
        // FastEvent's order, and QJsonDocument's (sorted keys).
        QTest::newRow("fast") << QByteArray(
            "{\"t\":2345700825449,\"node\":\"lb\",\"kind\":\"lb.choice\",\"trace\":"
            "\"4bf92f3577b34da6a3ce929d0e0e4736\",\"details\":{\"server\":\"web-1\",\"attempt\":0,"
            "\"reason\":\"a \\\"quoted\\\" {brace}\"}}");
        QTest::newRow("sorted") << QByteArray(
            "{\"details\":{\"address\":\"127.0.0.1\",\"port\":8080,\"nested\":{\"a\":[1,2,{\"b\":"
            "\"}\"}]}},\"kind\":\"ready\",\"node\":\"web-1\",\"t\":12345678901234}");
        QTest::newRow("spaces") << QByteArray(
            " { \"t\" : 5 , \"kind\" : \"x\" , \"details\" : { } } ");
        QTest::newRow("no details") << QByteArray("{\"t\":1,\"kind\":\"x\"}");
        QTest::newRow("double time") << QByteArray("{\"t\":1.5e3,\"kind\":\"x\",\"details\":{}}");
        QTest::newRow("escaped kind")
            << QByteArray("{\"t\":1,\"kind\":\"a\\u0041\",\"details\":{}}");
        QTest::newRow("unicode") << QByteArray(
            "{\"t\":1,\"kind\":\"ü\",\"details\":{\"v\":\"é\\n\"}}");
        QTest::newRow("extra field")
            << QByteArray("{\"t\":1,\"kind\":\"x\",\"other\":[1],\"details\":{}}");
        QTest::newRow("details not an object")
            << QByteArray("{\"t\":1,\"kind\":\"x\",\"details\":[1]}");
        QTest::newRow("no kind") << QByteArray("{\"t\":1,\"details\":{}}");
        QTest::newRow("string time") << QByteArray("{\"t\":\"1\",\"kind\":\"x\"}");
        QTest::newRow("broken details")
            << QByteArray("{\"t\":1,\"kind\":\"x\",\"details\":{\"a\":}}");
        QTest::newRow("unterminated")
            << QByteArray("{\"t\":1,\"kind\":\"x\",\"details\":{\"a\":\"}");
        QTest::newRow("trailing junk") << QByteArray("{\"t\":1,\"kind\":\"x\"} x");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("not json") << QByteArray("hello");
        QTest::newRow("empty") << QByteArray();
    }
    void readsLikeTheDefinition() {
        QFETCH(QByteArray, line);
        RuntimeEvent expected, got;
        const bool ok = RuntimeEvent::fromJsonLine(line, &expected);
        EventLineParser parser;
        QCOMPARE(parseOne(parser, line, &got), ok);
        if (!ok)
            return;
        QCOMPARE(got.t, expected.t);
        QCOMPARE(got.node, expected.node);
        QCOMPARE(got.kind, expected.kind);
        QCOMPARE(got.trace, expected.trace);
        QCOMPARE(got.details, expected.details);
        // The text kept for the recorder is the same object.
        if (!got.detailsJson.isEmpty())
            QCOMPARE(QJsonDocument::fromJson(got.detailsJson).object(), expected.details);
    }

    // Without parsing (what `up` does), a request's event still prints and converts to the
    // same JSON; untraced events (ready, failed, database roles...) are parsed all the same.
    void keepsDetailsAsTextWhenAsked() {
        const QByteArray line = "{\"t\":7,\"node\":\"lb\",\"kind\":\"lb.choice\",\"trace\":"
                                "\"ab\",\"details\":{\"server\":\"w\\\"1\",\"n\":[1,{}]}}";
        RuntimeEvent parsed, text;
        QVERIFY(parseOne(EventLineParser(), line, &parsed));
        EventLineParser lazy;
        lazy.setParseRequestDetails(false);
        QVERIFY(parseOne(lazy, line, &text));
        QVERIFY(text.details.isEmpty());
        QCOMPARE(text.toJson(), parsed.toJson());
        QCOMPARE(QJsonDocument::fromJson(text.toJsonLine()).object(), parsed.toJson());
        QCOMPARE(QJsonDocument::fromJson(parsed.toJsonLine()).object(), parsed.toJson());
        QVERIFY(text.toJsonLine().endsWith('\n'));
        RuntimeEvent ready;
        QVERIFY(parseOne(lazy, "{\"t\":1,\"kind\":\"ready\",\"details\":{\"port\":80}}", &ready));
        QCOMPARE(ready.details.value("port").toInt(), 80);
    }

    void sharesRepeatedNames() {
        EventLineParser parser;
        RuntimeEvent a, b;
        QVERIFY(parseOne(parser, "{\"t\":1,\"node\":\"lb\",\"kind\":\"lb.request\",\"details\":{}}",
                         &a));
        QVERIFY(parseOne(parser, "{\"t\":2,\"node\":\"lb\",\"kind\":\"lb.request\",\"details\":{}}",
                         &b));
        QCOMPARE(a.kind, b.kind);
        QVERIFY(a.kind.isSharedWith(b.kind));
    }

    // The lb writes lb.choice and lb.forward as one line (events/eventpairs.h): every reader
    // gets the two events back, lb.choice with all the fields, then lb.forward with its own,
    // at the same time and in the same trace, whether details are parsed or kept as text, and
    // for a line only the full parser reads (spaces, sorted keys).
    void splitsAPairIntoItsTwoEvents_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("parse");
        const QByteArray fast =
            "{\"t\":2345700825449,\"node\":\"lb\",\"kind\":\"lb.choice+forward\",\"trace\":"
            "\"4bf92f3577b34da6a3ce929d0e0e4736\",\"details\":{\"server\":\"web-1\",\"host\":"
            "\"server-1\",\"address\":\"127.0.0.1\",\"port\":8081,\"algorithm\":\"roundrobin\","
            "\"reason\":\"a \\\"quoted\\\" {brace}, [x]\",\"attempt\":1}}";
        QTest::newRow("parsed") << fast << true;
        QTest::newRow("text") << fast << false;
        const QByteArray spaced =
            "{ \"details\" : { \"attempt\" : 0 , \"port\" : 8081, \"reason\": \"r\", \"server\": "
            "\"web-1\", \"address\": \"127.0.0.1\", \"host\": \"server-1\", \"algorithm\": \"rr\" "
            "}, "
            "\"kind\": \"lb.choice+forward\", \"node\": \"lb\", \"t\": 7, \"trace\": \"ab\" }";
        QTest::newRow("spaced, parsed") << spaced << true;
        QTest::newRow("spaced, text") << spaced << false;
    }
    void splitsAPairIntoItsTwoEvents() {
        QFETCH(QByteArray, line);
        QFETCH(bool, parse);
        RuntimeEvent whole;
        QVERIFY(RuntimeEvent::fromJsonLine(line, &whole));
        EventLineParser parser;
        parser.setParseRequestDetails(parse);
        QList<RuntimeEvent> events;
        QVERIFY(parser.parse(line, &events));
        QCOMPARE(events.size(), 2);
        const QJsonObject choice = events[0].toJson();
        const QJsonObject forward = events[1].toJson();
        QCOMPARE(choice["kind"].toString(), QStringLiteral("lb.choice"));
        QCOMPARE(forward["kind"].toString(), QStringLiteral("lb.forward"));
        for (const RuntimeEvent &e : events) {
            QCOMPARE(e.t, whole.t);
            QCOMPARE(e.node, whole.node);
            QCOMPARE(e.trace, whole.trace);
        }
        QCOMPARE(choice["details"].toObject(), whole.details);
        QJsonObject expected;
        for (const char *key : {"server", "address", "port", "attempt"})
            expected.insert(QLatin1String(key), whole.details.value(QLatin1String(key)));
        QCOMPARE(forward["details"].toObject(), expected);
        // What the recorder and `up` print is the same.
        QCOMPARE(QJsonDocument::fromJson(events[1].toJsonLine()).object(), forward);
        // An event of another kind is left alone.
        events.clear();
        QVERIFY(parser.parse("{\"t\":1,\"kind\":\"lb.choice\",\"details\":{\"server\":\"w\"}}",
                             &events));
        QCOMPARE(events.size(), 1);
    }

    // The lb writes lb.request, lb.choice and lb.forward as one line when the forward follows
    // the request at once (events/eventpairs.h: the choice's fields, `dt`, and the request's in
    // `request`). Every reader gets exactly the three events the three lines it stands for give:
    // same kinds, times, node, trace and fields, in that order, whether details are parsed or
    // kept as text, for a line only the full parser reads, and through EventPairs::split (the
    // role tests' reader). The request's `host` (the Host header) and the choice's (the server's
    // box) do not mix.
    void splitsALedPairIntoItsThreeEvents_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("parse");
        const QByteArray fast =
            "{\"t\":2345700825449,\"node\":\"lb\",\"kind\":\"lb.request+choice+forward\","
            "\"trace\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"details\":{\"server\":\"web-1\","
            "\"host\":\"server-1\",\"address\":\"127.0.0.1\",\"port\":8081,\"algorithm\":"
            "\"roundrobin\",\"reason\":\"a \\\"quoted\\\" {brace}, [x]\",\"attempt\":0,\"dt\":"
            "41250,\"request\":{\"client\":\"127.0.0.1:5000\",\"method\":\"GET\",\"target\":"
            "\"/a?b={c}\",\"host\":\"www.foobar.com\",\"trace_started\":true,\"tls\":true}}}";
        QTest::newRow("parsed") << fast << true;
        QTest::newRow("text") << fast << false;
        const QByteArray spaced =
            "{ \"details\" : { \"attempt\" : 0 , \"dt\" : 41250, \"port\" : 8081, \"reason\": "
            "\"a \\\"quoted\\\" {brace}, [x]\", \"request\" : { \"client\": \"127.0.0.1:5000\", "
            "\"host\": \"www.foobar.com\", \"method\": \"GET\", \"target\": \"/a?b={c}\", "
            "\"tls\": true, \"trace_started\": true }, \"server\": \"web-1\", \"address\": "
            "\"127.0.0.1\", \"host\": \"server-1\", \"algorithm\": \"roundrobin\" }, \"kind\": "
            "\"lb.request+choice+forward\", \"node\": \"lb\", \"t\": 2345700825449, \"trace\": "
            "\"4bf92f3577b34da6a3ce929d0e0e4736\" }";
        QTest::newRow("spaced, parsed") << spaced << true;
        QTest::newRow("spaced, text") << spaced << false;
    }
    void splitsALedPairIntoItsThreeEvents() {
        QFETCH(QByteArray, line);
        QFETCH(bool, parse);
        // The three lines the lb wrote before, one per event.
        const QByteArray head =
            "\"node\":\"lb\",\"trace\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"details\":";
        const QList<QByteArray> separate{
            "{\"t\":2345700825449,\"kind\":\"lb.request\"," + head +
                "{\"client\":\"127.0.0.1:5000\",\"method\":\"GET\",\"target\":\"/a?b={c}\","
                "\"host\":\"www.foobar.com\",\"trace_started\":true,\"tls\":true}}",
            "{\"t\":2345700866699,\"kind\":\"lb.choice\"," + head +
                "{\"server\":\"web-1\",\"host\":\"server-1\",\"address\":\"127.0.0.1\","
                "\"port\":8081,\"algorithm\":\"roundrobin\",\"reason\":\"a \\\"quoted\\\" "
                "{brace}, [x]\",\"attempt\":0}}",
            "{\"t\":2345700866699,\"kind\":\"lb.forward\"," + head +
                "{\"server\":\"web-1\",\"address\":\"127.0.0.1\",\"port\":8081,\"attempt\":0}}"};
        QList<QJsonObject> expected;
        for (const QByteArray &one : separate) {
            RuntimeEvent e;
            QVERIFY(RuntimeEvent::fromJsonLine(one, &e));
            expected.append(e.toJson());
        }
        EventLineParser parser;
        parser.setParseRequestDetails(parse);
        QList<RuntimeEvent> events;
        QVERIFY(parser.parse(line, &events));
        QCOMPARE(events.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(events[i].toJson(), expected[i]);
            // What the recorder and `up` print is the same.
            QCOMPARE(QJsonDocument::fromJson(events[i].toJsonLine()).object(), expected[i]);
            QCOMPARE(events[i].details.isEmpty(), !parse);
        }
        const QList<QJsonObject> split =
            infrastage::EventPairs::split(QJsonDocument::fromJson(line).object());
        QCOMPARE(split, expected);
    }
};

QTEST_GUILESS_MAIN(TestEventLineParser)
#include "tst_eventlineparser.moc"
