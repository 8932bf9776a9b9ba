// The live canvas reads a hop's fields from its details' text (DetailFields) and the event log
// shows that text: the same values as the parsed object, whatever the text holds around them.
#include "live/detailfields.h"
#include "live/eventlogmodel.h"

#include <QJsonDocument>
#include <QTest>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeEvent;

namespace {

RuntimeEvent textOnly(const QByteArray &json) {
    RuntimeEvent e;
    e.t = 1;
    e.node = QStringLiteral("lb");
    e.kind = QStringLiteral("lb.response");
    e.trace = QStringLiteral("0123456789abcdef0123456789abcdef");
    e.detailsJson = json;
    return e;
}

} // namespace

class TestDetailFields : public QObject {
    Q_OBJECT

private slots:
    void readsTopLevelFieldsFromText();
    void agreesWithTheParsedObject_data();
    void agreesWithTheParsedObject();
    void damagedTextReadsAsNoFields();
    void eventLogShowsTheTextAndParsesATrace();
};

void TestDetailFields::readsTopLevelFieldsFromText() {
    // Headers before the fields read, with braces, quotes and commas inside strings.
    const RuntimeEvent e = textOnly(
        R"({"headers":{"x-a":"}{,\"","status":"nested"},"list":[1,{"status":7}],)"
        R"( "status" : 503 , "server":"server-2-web","reason":"no \"server\" up","server_us":1234.0})");
    const DetailFields f(e);
    QCOMPARE(f.number(QLatin1String("status")), 503);
    QCOMPARE(f.text(QLatin1String("server")), QStringLiteral("server-2-web"));
    QCOMPARE(f.text(QLatin1String("reason")), QStringLiteral("no \"server\" up"));
    QCOMPARE(f.number(QLatin1String("server_us")), 1234);
    QCOMPARE(f.text(QLatin1String("status")), QString()); // a number is not a string
    QCOMPARE(f.number(QLatin1String("server")), 0);       // nor a string a number
    QCOMPARE(f.text(QLatin1String("missing")), QString());
}

void TestDetailFields::agreesWithTheParsedObject_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("lb.response") << QByteArray(
        R"({"server":"server-1-web","status":200,"server_us":812,"duration_us":950})");
    QTest::newRow("lb.error") << QByteArray(
        R"({"status":503,"reason":"no server available","server":""})");
    QTest::newRow("unicode") << QByteArray(R"({"server":"sérveur ✓","status":0})");
}

void TestDetailFields::agreesWithTheParsedObject() {
    QFETCH(QByteArray, json);
    RuntimeEvent text = textOnly(json);
    RuntimeEvent parsed = text;
    parsed.details = QJsonDocument::fromJson(json).object();
    const DetailFields a(text), b(parsed);
    for (const char *key : {"server", "reason", "missing"})
        QCOMPARE(a.text(QLatin1String(key)), b.text(QLatin1String(key)));
    for (const char *key : {"status", "server_us", "duration_us", "missing"})
        QCOMPARE(a.number(QLatin1String(key)), b.number(QLatin1String(key)));
}

void TestDetailFields::damagedTextReadsAsNoFields() {
    for (const QByteArray &bad :
         {QByteArray("{\"status\":"), QByteArray("[1,2]"), QByteArray("{\"status\":\"open"),
          QByteArray("not json"), QByteArray("{\"a\":{\"b\":1"), QByteArray("{")}) {
        const DetailFields f(textOnly(bad));
        QCOMPARE(f.number(QLatin1String("status")), 0);
        QCOMPARE(f.text(QLatin1String("a")), QString());
    }
}

void TestDetailFields::eventLogShowsTheTextAndParsesATrace() {
    EventLogModel model(3);
    const QByteArray json = R"({"server":"server-1-web","status":200})";
    QList<RuntimeEvent> events;
    for (int i = 0; i < 5; ++i) {
        RuntimeEvent e = textOnly(json);
        e.t = 1000000000LL * (i + 1);
        events << e;
    }
    model.append(events);
    QCOMPARE(model.rowCount(), 3); // the window keeps the newest
    QCOMPARE(model.index(0, EventLogModel::Details).data().toString(), QString::fromUtf8(json));
    const QList<RuntimeEvent> trace = model.traceEvents(events.first().trace);
    QCOMPARE(trace.size(), 3);
    QCOMPARE(trace.first().t, events.at(2).t);
    // The player reads a chosen request's hops in full.
    QCOMPARE(trace.first().details.value(QLatin1String("status")).toInt(), 200);
}

QTEST_GUILESS_MAIN(TestDetailFields)
#include "tst_detailfields.moc"
