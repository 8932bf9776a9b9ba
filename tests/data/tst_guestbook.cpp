// The demo application's guestbook over real processes: app -> primary for writes, app ->
// replica for reads, answers naming the database; read-your-writes by transaction id; and
// set_databases after a failover.
#include "dbtestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace infrastage::db;
using dbtest::dbConfig;

namespace {

struct Reply {
    int status = 0;
    QByteArray headers;
    QJsonObject body;
};

// One HTTP/1.1 exchange with Connection: close, read to the end.
Reply http(const NodeProcess &app, const QByteArray &method, const QByteArray &body = {},
           const QByteArray &cookie = {}) {
    QTcpSocket s;
    s.connectToHost(app.address(), app.port());
    if (!s.waitForConnected(5000))
        return {};
    QByteArray req =
        method + " /api/guestbook HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n";
    if (!body.isEmpty())
        req +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    if (!cookie.isEmpty())
        req += "Cookie: " + cookie + "\r\n";
    s.write(req + "\r\n" + body);
    QByteArray all;
    while (s.waitForReadyRead(10000) || s.bytesAvailable())
        all += s.readAll();
    Reply r;
    const qsizetype split = all.indexOf("\r\n\r\n");
    r.headers = all.left(split);
    r.status = all.mid(9, 3).toInt();
    r.body = QJsonDocument::fromJson(all.mid(split + 4)).object();
    return r;
}

QByteArray cookieOf(const Reply &r) {
    for (const QByteArray &line : r.headers.split('\n')) {
        if (line.toLower().startsWith("set-cookie:"))
            return line.mid(11).trimmed().split(';').first();
    }
    return {};
}

QStringList messages(const Reply &r) {
    QStringList out;
    for (const QJsonValue &m : r.body.value(QLatin1String("messages")).toArray())
        out.append(m.toObject().value(QLatin1String("message")).toString());
    return out;
}

} // namespace

class TestGuestbook final : public QObject {
    Q_OBJECT

private slots:
    void writesToPrimaryReadsFromReplica();
};

void TestGuestbook::writesToPrimaryReadsFromReplica() {
    QTemporaryDir dir;
    NodeProcess db1, db2, app;
    QVERIFY(db1.start(QStringLiteral("db"),
                      dbConfig(dir, QStringLiteral("server-1-db"), QStringLiteral("primary"), 1)));
    // A replica 1.5 s behind, so stale reads and read-your-writes are visible.
    QVERIFY(db2.start(
        QStringLiteral("db"),
        dbConfig(dir, QStringLiteral("server-2-db"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), db1.endpoint(QStringLiteral("server-1-db"))},
                  {QStringLiteral("delay"), 1500}})));
    const QJsonObject databases{
        {QStringLiteral("write"), db1.endpoint(QStringLiteral("server-1-db"))},
        {QStringLiteral("read"), db2.endpoint(QStringLiteral("server-2-db"))},
        {QStringLiteral("read_your_writes"), true}};
    QVERIFY2(
        app.start(QStringLiteral("app"),
                  QJsonObject{{QStringLiteral("node"), QStringLiteral("server-2-app")},
                              {QStringLiteral("served_by"), QStringLiteral("server-2")},
                              {QStringLiteral("databases"), databases},
                              {QStringLiteral("listen"),
                               QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                           {QStringLiteral("port"), 0}}}}),
        qPrintable(app.errorText()));

    const Reply posted = http(app, "POST", R"({"author":"ada","message":"hello from the test"})");
    QCOMPARE(posted.status, 201);
    const QJsonObject wdb = posted.body.value(QLatin1String("database")).toObject();
    QCOMPARE(wdb.value(QLatin1String("id")).toString(), QStringLiteral("server-1-db"));
    QCOMPARE(wdb.value(QLatin1String("role")).toString(), QStringLiteral("primary"));
    QVERIFY(posted.headers.contains("X-Database: server-1-db (primary)"));
    const QByteArray cookie = cookieOf(posted);
    QVERIFY(cookie.startsWith("gb_seq="));

    // Without the cookie: the replica answers, and it has not applied the write yet.
    const Reply stale = http(app, "GET");
    QCOMPARE(stale.status, 200);
    QCOMPARE(stale.body.value(QLatin1String("database"))
                 .toObject()
                 .value(QLatin1String("role"))
                 .toString(),
             QStringLiteral("replica"));
    QVERIFY(!messages(stale).contains(QStringLiteral("hello from the test")));
    // With it: the replica is behind the client's own write, so the primary answers.
    const Reply mine = http(app, "GET", {}, cookie);
    QCOMPARE(mine.status, 200);
    QCOMPARE(
        mine.body.value(QLatin1String("database")).toObject().value(QLatin1String("id")).toString(),
        QStringLiteral("server-1-db"));
    QVERIFY(mine.body.value(QLatin1String("read_your_writes")).toBool());
    QVERIFY(messages(mine).contains(QStringLiteral("hello from the test")));
    // Once the replica caught up, it serves the same client again.
    QTRY_VERIFY_WITH_TIMEOUT(
        messages(http(app, "GET")).contains(QStringLiteral("hello from the test")), 10000);
    const Reply caught = http(app, "GET", {}, cookie);
    QCOMPARE(caught.body.value(QLatin1String("database"))
                 .toObject()
                 .value(QLatin1String("role"))
                 .toString(),
             QStringLiteral("replica"));

    // Bad input is a clear 400; a dead database a clear 503.
    QCOMPARE(http(app, "POST", R"({"author":""})").status, 400);
    db1.kill();
    const Reply down = http(app, "POST", R"({"author":"ada","message":"into the void"})");
    QCOMPARE(down.status, 503);
    QVERIFY(down.body.value(QLatin1String("error")).toString().size() > 0);

    // Failover: promote the replica, point the app at it, and writing works again.
    db2.control(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("promote")}});
    QVERIFY(!db2.waitForEvent(QStringLiteral("db.role"), 5000).isEmpty());
    app.control(QJsonObject{
        {QStringLiteral("cmd"), QStringLiteral("set_databases")},
        {QStringLiteral("databases"),
         QJsonObject{{QStringLiteral("write"), db2.endpoint(QStringLiteral("server-2-db"))},
                     {QStringLiteral("read"), db2.endpoint(QStringLiteral("server-2-db"))}}}});
    QVERIFY(!app.waitForEvent(QStringLiteral("control.applied"), 5000).isEmpty());
    const Reply again = http(app, "POST", R"({"author":"bob","message":"after failover"})");
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body.value(QLatin1String("database"))
                 .toObject()
                 .value(QLatin1String("id"))
                 .toString(),
             QStringLiteral("server-2-db"));
    QVERIFY(messages(http(app, "GET")).contains(QStringLiteral("after failover")));
}

QTEST_GUILESS_MAIN(TestGuestbook)
#include "tst_guestbook.moc"
