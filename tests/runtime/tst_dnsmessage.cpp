// The DNS wire format and zone lookup of the dns role, without processes.
#include "dnsmessage.h"
#include "dnszone.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace infrastage::dns;

class TestDnsMessage final : public QObject {
    Q_OBJECT

private:
    static DnsZone fooZone() {
        DnsZone z;
        QString error;
        const QJsonArray records{
            QJsonObject{
                {"name", "www.foobar.com"}, {"type", "A"}, {"ttl", 300}, {"value", "8.8.8.8"}},
            QJsonObject{{"name", "www.foobar.com"},
                        {"type", "AAAA"},
                        {"ttl", 300},
                        {"value", "2001:db8::8"}},
            QJsonObject{{"name", "shop.foobar.com"},
                        {"type", "CNAME"},
                        {"ttl", 60},
                        {"value", "www.foobar.com"}},
            QJsonObject{{"name", "old.foobar.com"},
                        {"type", "CNAME"},
                        {"ttl", 60},
                        {"value", "shop.foobar.com."}},
            QJsonObject{
                {"name", "cdn.foobar.com"}, {"type", "CNAME"}, {"value", "edge.example.net"}},
            QJsonObject{
                {"name", "loop1.foobar.com"}, {"type", "CNAME"}, {"value", "loop2.foobar.com"}},
            QJsonObject{
                {"name", "loop2.foobar.com"}, {"type", "CNAME"}, {"value", "loop1.foobar.com"}},
            QJsonObject{{"name", "a.deep.foobar.com"}, {"type", "A"}, {"value", "10.0.0.1"}},
        };
        if (!z.load(records, 120, &error))
            qFatal("%s", qPrintable(error));
        return z;
    }

    static Response roundTrip(const DnsZone &zone, const QByteArray &name, quint16 type,
                              bool edns = false) {
        Query q;
        QString why;
        const QByteArray packet = buildQuery(0x1234, name, type, edns);
        if (!parseQuery(packet, &q, &why))
            qFatal("query did not parse: %s", qPrintable(why));
        const DnsZone::Answer a = zone.resolve(q.question.name, q.question.type);
        const QByteArray wire = buildResponse(q, a.rcode, a.answers, a.authority);
        Response r;
        if (!parseResponse(wire, &r, &why))
            qFatal("response did not parse: %s", qPrintable(why));
        return r;
    }

private slots:
    void answersWithTheDesignAddress() {
        const Response r = roundTrip(fooZone(), "www.foobar.com", TypeA);
        QCOMPARE(r.id, 0x1234);
        QCOMPARE(r.rcode, int(RcodeNoError));
        QVERIFY(r.authoritative);
        QCOMPARE(r.answers.size(), 1);
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("8.8.8.8"));
        QCOMPARE(r.answers.at(0).ttl, 300u);
    }

    void aaaa() {
        const Response r = roundTrip(fooZone(), "www.foobar.com", TypeAAAA);
        QCOMPARE(r.answers.size(), 1);
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("2001:db8::8"));
    }

    void namesAreCaseInsensitiveAndTheQuestionKeepsItsCase() {
        const Response r = roundTrip(fooZone(), "WwW.FooBar.COM", TypeA);
        QCOMPARE(r.rcode, int(RcodeNoError));
        QCOMPARE(r.questions.at(0).name, QByteArray("WwW.FooBar.COM"));
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("8.8.8.8"));
    }

    void followsCnameChainsInsideTheZone() {
        const Response r = roundTrip(fooZone(), "old.foobar.com", TypeA);
        QCOMPARE(r.rcode, int(RcodeNoError));
        QCOMPARE(r.answers.size(), 3);
        QCOMPARE(r.answers.at(0).type, quint16(TypeCNAME));
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("shop.foobar.com"));
        QCOMPARE(r.answers.at(1).valueText(), QStringLiteral("www.foobar.com"));
        QCOMPARE(r.answers.at(2).valueText(), QStringLiteral("8.8.8.8"));
    }

    void stopsAtCnameLeavingTheZone() {
        const Response r = roundTrip(fooZone(), "cdn.foobar.com", TypeA);
        QCOMPARE(r.rcode, int(RcodeNoError));
        QCOMPARE(r.answers.size(), 1);
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("edge.example.net"));
    }

    void cnameLoopIsServfail() {
        QCOMPARE(roundTrip(fooZone(), "loop1.foobar.com", TypeA).rcode, int(RcodeServFail));
    }

    void unknownNameIsNxdomainWithSoa() {
        const Response r = roundTrip(fooZone(), "nope.foobar.com", TypeA);
        QCOMPARE(r.rcode, int(RcodeNxDomain));
        QVERIFY(r.answers.isEmpty());
        QCOMPARE(r.authority.size(), 1);
        QCOMPARE(r.authority.at(0).type, quint16(TypeSOA));
        QCOMPARE(r.authority.at(0).name, QByteArray("foobar.com"));
    }

    void emptyNonTerminalAndMissingTypeAreNodata() {
        QCOMPARE(roundTrip(fooZone(), "deep.foobar.com", TypeA).rcode, int(RcodeNoError));
        const Response r = roundTrip(fooZone(), "a.deep.foobar.com", TypeAAAA);
        QCOMPARE(r.rcode, int(RcodeNoError));
        QVERIFY(r.answers.isEmpty());
    }

    void outsideTheZonesIsRefused() {
        QCOMPARE(roundTrip(fooZone(), "www.example.org", TypeA).rcode, int(RcodeRefused));
    }

    void ednsIsAnsweredWithOpt() {
        const QByteArray packet = buildQuery(7, "www.foobar.com", TypeA, true);
        Query q;
        QString why;
        QVERIFY(parseQuery(packet, &q, &why));
        QVERIFY(q.edns);
        QCOMPARE(q.udpSize, quint16(1232));
        const DnsZone::Answer a = fooZone().resolve(q.question.name, q.question.type);
        const QByteArray wire = buildResponse(q, a.rcode, a.answers, a.authority);
        QCOMPARE(quint8(wire.at(11)), quint8(1)); // ARCOUNT: our OPT record
        Response r;
        QVERIFY(parseResponse(wire, &r, &why));
        QCOMPARE(r.answers.size(), 1);
    }

    void answerNamesAreCompressed() {
        const QByteArray packet = buildQuery(9, "www.foobar.com", TypeA);
        Query q;
        QString why;
        QVERIFY(parseQuery(packet, &q, &why));
        const DnsZone::Answer a = fooZone().resolve(q.question.name, q.question.type);
        const QByteArray wire = buildResponse(q, a.rcode, a.answers, a.authority);
        // header 12 + question (16 + 4) + answer: pointer 2 + 10 + 4 bytes of address
        QCOMPARE(wire.size(), 12 + 20 + 16);
        QCOMPARE(quint8(wire.at(32)), quint8(0xC0));
        QCOMPARE(quint8(wire.at(33)), quint8(12));
    }

    void malformedPacketsAreRejected_data() {
        QTest::addColumn<QByteArray>("packet");
        const QByteArray good = buildQuery(1, "www.foobar.com", TypeA);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("short header") << good.left(11);
        QTest::newRow("truncated name") << good.left(20);
        QTest::newRow("no type") << good.left(good.size() - 3);
        QByteArray response = good;
        response[2] = char(0x81);
        QTest::newRow("a response") << response;
        QByteArray two = good;
        two[5] = 2;
        QTest::newRow("two questions") << two;
        QByteArray loop = good.left(12);
        loop += QByteArray::fromHex("c00c00010001");
        QTest::newRow("pointer to itself") << loop;
        QByteArray fwd = good.left(12);
        fwd += QByteArray::fromHex("c01000010001");
        QTest::newRow("forward pointer") << fwd;
        QByteArray longLabel = good.left(12);
        longLabel += char(64) + QByteArray(64, 'a') + QByteArray::fromHex("0000010001");
        QTest::newRow("label of 64") << longLabel;
        QByteArray longName = good.left(12);
        for (int i = 0; i < 5; ++i)
            longName += char(63) + QByteArray(63, 'a');
        longName += QByteArray::fromHex("0000010001");
        QTest::newRow("name over 255") << longName;
        QTest::newRow("garbage") << QByteArray("garbage\n");
    }

    void malformedPacketsAreRejected() {
        QFETCH(QByteArray, packet);
        Query q;
        QString why;
        QVERIFY(!parseQuery(packet, &q, &why));
        QVERIFY(!why.isEmpty());
    }

    void oversizedAnswerIsTruncatedWithoutEdns() {
        QJsonArray records;
        for (int i = 0; i < 40; ++i)
            records.append(QJsonObject{{"name", "many.foobar.com"},
                                       {"type", "AAAA"},
                                       {"value", QStringLiteral("2001:db8::%1").arg(i + 1)}});
        DnsZone z;
        QString error;
        QVERIFY(z.load(records, 60, &error));
        const Response plain = roundTrip(z, "many.foobar.com", TypeAAAA, false);
        QVERIFY(plain.truncated);
        QVERIFY(plain.answers.isEmpty());
        const Response big = roundTrip(z, "many.foobar.com", TypeAAAA, true);
        QVERIFY(!big.truncated);
        QCOMPARE(big.answers.size(), 40);
    }

    void badRecordsAreErrorsNamingTheRecord() {
        DnsZone z;
        QString error;
        QVERIFY(!z.load(QJsonArray{QJsonObject{
                            {"name", "x.foobar.com"}, {"type", "A"}, {"value", "2001:db8::1"}}},
                        60, &error));
        QVERIFY2(error.contains("records[0]"), qPrintable(error));
        QVERIFY(!z.load(
            QJsonArray{QJsonObject{{"name", "x.foobar.com"}, {"type", "MX"}, {"value", "m"}}}, 60,
            &error));
        QVERIFY2(error.contains("MX"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDnsMessage)
#include "tst_dnsmessage.moc"
