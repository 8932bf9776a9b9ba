// EventLineParser reads node lines the way RuntimeEvent::fromJsonLine (the definition) does:
// the same fields for every line a role writes, whatever the key order, and the same answer
// for lines of any other shape, including broken ones.
#include "eventlineparser.h"

#include <QJsonDocument>
#include <QtTest>

using infrastage::runtime::EventLineParser;
using infrastage::runtime::RuntimeEvent;

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
        QCOMPARE(parser.parse(line, &got), ok);
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
        QVERIFY(EventLineParser().parse(line, &parsed));
        EventLineParser lazy;
        lazy.setParseRequestDetails(false);
        QVERIFY(lazy.parse(line, &text));
        QVERIFY(text.details.isEmpty());
        QCOMPARE(text.toJson(), parsed.toJson());
        QCOMPARE(QJsonDocument::fromJson(text.toJsonLine()).object(), parsed.toJson());
        QCOMPARE(QJsonDocument::fromJson(parsed.toJsonLine()).object(), parsed.toJson());
        QVERIFY(text.toJsonLine().endsWith('\n'));
        RuntimeEvent ready;
        QVERIFY(lazy.parse("{\"t\":1,\"kind\":\"ready\",\"details\":{\"port\":80}}", &ready));
        QCOMPARE(ready.details.value("port").toInt(), 80);
    }

    void sharesRepeatedNames() {
        EventLineParser parser;
        RuntimeEvent a, b;
        QVERIFY(
            parser.parse("{\"t\":1,\"node\":\"lb\",\"kind\":\"lb.request\",\"details\":{}}", &a));
        QVERIFY(
            parser.parse("{\"t\":2,\"node\":\"lb\",\"kind\":\"lb.request\",\"details\":{}}", &b));
        QCOMPARE(a.kind, b.kind);
        QVERIFY(a.kind.isSharedWith(b.kind));
    }
};

QTEST_GUILESS_MAIN(TestEventLineParser)
#include "tst_eventlineparser.moc"
