// The database protocol's frames as the write path reads and writes them without QCborMap
// (CborWriter, CborScanner, DbResult::fromPayload, DbRequest, BinlogEntry::fromFrame): the
// same bytes as Qt's encoder, the same values as Qt's decoder, and Qt's decoder (with its
// errors) for whatever the scanner does not take.
#include "binlogentry.h"
#include "cborscanner.h"
#include "cborwriter.h"
#include "dbframe.h"
#include "dbrequest.h"
#include "dbresult.h"

#include <QCborArray>
#include <QCborMap>
#include <QRandomGenerator>
#include <QtEndian>
#include <QtTest>

#include <limits>

using namespace infrastage::db;

namespace {

QByteArray payloadOf(const QByteArray &frame) {
    return frame.mid(4);
}

QCborArray sampleValues() {
    return QCborArray{0,
                      23,
                      24,
                      255,
                      256,
                      65535,
                      65536,
                      qint64(1) << 32,
                      std::numeric_limits<qint64>::max(),
                      -1,
                      -24,
                      -25,
                      -65537,
                      std::numeric_limits<qint64>::min(),
                      1.5,
                      -0.0,
                      1e300,
                      QStringLiteral(""),
                      QStringLiteral("row 42"),
                      QStringLiteral("grüße ✓"),
                      QByteArray("\x00\x01\xff", 3),
                      true,
                      false,
                      QCborValue(QCborValue::Null),
                      QCborArray{1, QStringLiteral("a"), QCborArray{2.5, QCborValue()}}};
}

} // namespace

class TestCborFrames : public QObject {
    Q_OBJECT

private slots:
    void writerWritesQtsBytes();
    void scannerReadsQtsValues();
    void scannerSkipsNestedItems();
    void answerReadWithoutAMap();
    void answerOfIndefiniteLength();
    void answerNotTakenFallsBackToQt();
    void queryFrameReadWithoutAMap();
    void otherRequestsAreMaps();
    void brokenRequestsGetQtsErrors();
    void binlogFrameRoundTrip();
    void randomBytesNeverCrash();
};

void TestCborFrames::writerWritesQtsBytes() {
    for (const QCborValue &v : sampleValues()) {
        QByteArray mine;
        CborWriter(&mine).value(v);
        QCOMPARE(mine, v.toCbor());
    }
    QByteArray text;
    CborWriter(&text).text(QStringLiteral("grüße"));
    QCOMPARE(text, QCborValue(QStringLiteral("grüße")).toCbor());
}

void TestCborFrames::scannerReadsQtsValues() {
    for (const QCborValue &v : sampleValues()) {
        const QByteArray bytes = v.toCbor();
        CborScanner s(bytes);
        QCborValue read;
        QVERIFY2(s.readValue(&read), bytes.toHex().constData());
        QVERIFY(s.atEnd());
        QCOMPARE(read, v);
    }
    // Half and single precision floats, which other encoders write.
    const QByteArray half = QByteArray::fromHex("f93e00"); // 1.5
    CborScanner h(half);
    QCborValue v;
    QVERIFY(h.readValue(&v));
    QCOMPARE(v.toDouble(), 1.5);
    const QByteArray single = QByteArray::fromHex("fa3fc00000"); // 1.5
    CborScanner f(single);
    QVERIFY(f.readValue(&v));
    QCOMPARE(v.toDouble(), 1.5);
    // Not taken: an indefinite-length string, a tag, a map as a value, invalid UTF-8, a cut item.
    for (const char *hex : {"7f6161ff", "c11a514b67b0", "a1616101", "62c328", "1a0000"}) {
        const QByteArray bytes = QByteArray::fromHex(hex);
        CborScanner s(bytes);
        QVERIFY2(!s.readValue(&v), hex);
    }
}

void TestCborFrames::scannerSkipsNestedItems() {
    const QCborMap nested{{QStringLiteral("a"), QCborArray{1, QCborMap{{2, QStringLiteral("x")}}}},
                          {QStringLiteral("b"), QCborValue(QCborKnownTags::DateTimeString,
                                                           QStringLiteral("2026-12-02"))}};
    const QByteArray bytes = QCborValue(nested).toCbor() + QCborValue(7).toCbor();
    CborScanner s(bytes);
    CborScanner::Head h;
    QVERIFY(s.next(&h));
    QVERIFY(s.skip(h));
    qint64 seven = 0;
    QVERIFY(s.readInteger(&seven));
    QCOMPARE(seven, 7);
    QVERIFY(s.atEnd());
}

void TestCborFrames::answerReadWithoutAMap() {
    const QCborMap answer{
        {QStringLiteral("id"), 9},
        {QStringLiteral("ok"), true},
        {QStringLiteral("served_by"), QStringLiteral("db1")},
        {QStringLiteral("role"), QStringLiteral("primary")},
        {QStringLiteral("columns"), QCborArray{QStringLiteral("id"), QStringLiteral("body")}},
        {QStringLiteral("rows"),
         QCborArray{QCborArray{1, QStringLiteral("hi")}, QCborArray{2, QCborValue()}}},
        {QStringLiteral("changes"), 0},
        {QStringLiteral("last_insert_id"), 2},
        {QStringLiteral("position"), 41},
        {QStringLiteral("seq"), 41},
        {QStringLiteral("semisync"), true}};
    const QByteArray payload = QCborValue(answer).toCbor();
    DbResult fast;
    qint64 id = 0;
    QVERIFY(DbResult::fromPayload(payload, &fast, &id));
    QCOMPARE(id, 9);
    const DbResult slow = DbResult::fromResponse(answer);
    QCOMPARE(fast.ok, slow.ok);
    QCOMPARE(fast.columns, slow.columns);
    QCOMPARE(fast.rows, slow.rows);
    QCOMPARE(fast.lastInsertId, slow.lastInsertId);
    QCOMPARE(fast.seq, slow.seq);
    QCOMPARE(fast.position, slow.position);
    QCOMPARE(fast.servedBy, slow.servedBy);
    QCOMPARE(fast.role, slow.role);
    QCOMPARE(fast.raw(), answer); // the fields of its own (semisync) are in raw()
}

void TestCborFrames::answerOfIndefiniteLength() {
    // Other writers may use a map of indefinite length (the server once did).
    QByteArray payload = QByteArray::fromHex("bf");
    payload += QCborValue(QStringLiteral("id")).toCbor() + QCborValue(3).toCbor();
    payload += QCborValue(QStringLiteral("ok")).toCbor() + QCborValue(false).toCbor();
    payload += QCborValue(QStringLiteral("code")).toCbor() + QCborValue(1101).toCbor();
    payload += QCborValue(QStringLiteral("error")).toCbor() +
               QCborValue(QStringLiteral("UNIQUE constraint failed")).toCbor();
    payload += QByteArray::fromHex("ff");
    DbResult r;
    qint64 id = 0;
    QVERIFY(DbResult::fromPayload(payload, &r, &id));
    QCOMPARE(id, 3);
    QVERIFY(!r.ok);
    QCOMPARE(r.code, DbErrorCode::Constraint);
    QCOMPARE(r.error, QStringLiteral("UNIQUE constraint failed"));
}

void TestCborFrames::answerNotTakenFallsBackToQt() {
    DbResult r;
    qint64 id = 0;
    // A field of an unexpected type, trailing bytes, not a map: the caller decodes with Qt.
    QVERIFY(!DbResult::fromPayload(
        QCborValue(QCborMap{{QStringLiteral("ok"), QStringLiteral("yes")}}).toCbor(), &r, &id));
    QVERIFY(!DbResult::fromPayload(QCborValue(QCborMap{}).toCbor() + "x", &r, &id));
    QVERIFY(!DbResult::fromPayload(QCborValue(QCborArray{}).toCbor(), &r, &id));
}

void TestCborFrames::queryFrameReadWithoutAMap() {
    const QCborArray params{QStringLiteral("row 1"), 7, 2.5, QByteArray("blob"),
                            QCborValue(QCborValue::Null)};
    QByteArray frame;
    appendQueryFrame(&frame, 12, QStringLiteral("INSERT INTO t(a,b,c,d,e) VALUES (?,?,?,?,?)"),
                     params, QStringLiteral("0af7651916cd43dd8448eb211c80319c"));
    QCOMPARE(qFromBigEndian<quint32>(frame.constData()), quint32(frame.size() - 4));
    const QCborMap asQt = QCborValue::fromCbor(payloadOf(frame)).toMap();
    QCOMPARE(asQt.value(QLatin1String("op")).toString(), QStringLiteral("query"));
    QCOMPARE(asQt.value(QLatin1String("params")).toArray(), params);
    DbRequest r;
    QString why;
    QVERIFY(DbRequest::parse(payloadOf(frame), &r, &why));
    QVERIFY(r.isScanned());
    QCOMPARE(r.id(), 12);
    QCOMPARE(r.op(), QStringLiteral("query"));
    QCOMPARE(r.sql(), QStringLiteral("INSERT INTO t(a,b,c,d,e) VALUES (?,?,?,?,?)"));
    QCOMPARE(r.params(), params);
    QCOMPARE(r.trace(), QStringLiteral("0af7651916cd43dd8448eb211c80319c"));
    QCOMPARE(r.map(), asQt);
    // An acknowledgement from a replica.
    const QByteArray ack = QCborValue(QCborMap{{QStringLiteral("op"), QStringLiteral("ack")},
                                               {QStringLiteral("id"), 0},
                                               {QStringLiteral("seq"), 1234},
                                               {QStringLiteral("lag_ns"), 56789}})
                               .toCbor();
    QVERIFY(DbRequest::parse(ack, &r, &why));
    QVERIFY(r.isScanned());
    QCOMPARE(r.seq(), 1234);
    QCOMPARE(r.lagNs(), 56789);
}

void TestCborFrames::otherRequestsAreMaps() {
    DbRequest r;
    QString why;
    const QCborMap status{{QStringLiteral("op"), QStringLiteral("status")},
                          {QStringLiteral("id"), 4},
                          {QStringLiteral("lag_samples"), true}};
    QVERIFY(DbRequest::parse(QCborValue(status).toCbor(), &r, &why));
    QVERIFY(!r.isScanned());
    QCOMPARE(r.op(), QStringLiteral("status"));
    QCOMPARE(r.id(), 4);
    QCOMPARE(r.map(), status);
    // A query with parameters the handler refuses (a map) or no sql: left to the handler's
    // checks, on the map.
    const QCborMap badParams{{QStringLiteral("op"), QStringLiteral("query")},
                             {QStringLiteral("sql"), QStringLiteral("SELECT ?")},
                             {QStringLiteral("params"), QCborMap{{1, 2}}}};
    QVERIFY(DbRequest::parse(QCborValue(badParams).toCbor(), &r, &why));
    QVERIFY(!r.isScanned());
    QCOMPARE(r.map(), badParams);
    const QCborMap noSql{{QStringLiteral("op"), QStringLiteral("query")},
                         {QStringLiteral("id"), 1}};
    QVERIFY(DbRequest::parse(QCborValue(noSql).toCbor(), &r, &why));
    QVERIFY(!r.isScanned());
}

void TestCborFrames::brokenRequestsGetQtsErrors() {
    for (const QByteArray &payload :
         {QByteArray::fromHex("a2626f70"), QCborValue(QCborMap{}).toCbor() + "\x01",
          QCborValue(QCborArray{1}).toCbor(), QByteArray()}) {
        DbRequest r;
        QString why, qtWhy;
        QCborMap m;
        QVERIFY(!DbRequest::parse(payload, &r, &why));
        QVERIFY(!decodeMessage(payload, &m, &qtWhy));
        QCOMPARE(why, qtWhy);
    }
}

void TestCborFrames::binlogFrameRoundTrip() {
    for (bool ack : {false, true}) {
        const BinlogEntry e{77, 1, 123456789012, QByteArray(300, '\x5a')};
        const QByteArray frame = e.toFrame(ack);
        QCOMPARE(qFromBigEndian<quint32>(frame.constData()), quint32(frame.size() - 4));
        const QCborMap asQt = QCborValue::fromCbor(payloadOf(frame)).toMap();
        QCOMPARE(asQt.value(QLatin1String("op")).toString(), QStringLiteral("binlog"));
        QCOMPARE(asQt.value(QLatin1String("ack")).toBool(), ack);
        BinlogEntry read;
        bool readAck = !ack;
        QVERIFY(BinlogEntry::fromFrame(payloadOf(frame), &read, &readAck));
        QCOMPARE(readAck, ack);
        QCOMPARE(read.seq, e.seq);
        QCOMPARE(read.origin, e.origin);
        QCOMPARE(read.tsNs, e.tsNs);
        QCOMPARE(read.body, e.body);
        const BinlogEntry viaQt = BinlogEntry::fromMessage(asQt);
        QCOMPARE(viaQt.body, e.body);
    }
    BinlogEntry e;
    bool ack = false;
    const QByteArray heartbeat =
        QCborValue(QCborMap{{QStringLiteral("op"), QStringLiteral("heartbeat")},
                            {QStringLiteral("latest"), 3}})
            .toCbor();
    QVERIFY(!BinlogEntry::fromFrame(heartbeat, &e, &ack));
}

void TestCborFrames::randomBytesNeverCrash() {
    QRandomGenerator rng(12);
    for (int i = 0; i < 20000; ++i) {
        QByteArray bytes(int(rng.bounded(1, 64)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        if (i % 2)
            bytes[0] = char(0xa0 | (bytes[0] & 0x1f)); // mostly maps, the frames' kind
        DbRequest r;
        QString why;
        DbRequest::parse(bytes, &r, &why);
        DbResult res;
        qint64 id = 0;
        DbResult::fromPayload(bytes, &res, &id);
        BinlogEntry e;
        bool ack = false;
        BinlogEntry::fromFrame(bytes, &e, &ack);
        CborScanner s(bytes);
        CborScanner::Head h;
        if (s.next(&h))
            s.skip(h);
    }
}

QTEST_GUILESS_MAIN(TestCborFrames)
#include "tst_cborframes.moc"
