// The dns role as a real process: answers over UDP, survives malformed packets and counts them,
// obeys slow and cut control commands, stops on stdin EOF.
#include "dnsmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QProcess>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

using namespace infrastage::dns;

class TestDnsRole final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_node;
    QByteArray m_out;
    int m_port = 0;

    // The event lines seen so far of `kind`.
    QList<QJsonObject> events(const QString &kind) {
        m_out += m_node.readAllStandardOutput();
        QList<QJsonObject> list;
        for (const QByteArray &line : m_out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value("kind").toString() == kind)
                list.append(o);
        }
        return list;
    }

    bool ask(QUdpSocket &s, const QByteArray &packet, Response *r, int timeoutMs = 3000) {
        s.writeDatagram(packet, QHostAddress::LocalHost, quint16(m_port));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (!s.hasPendingDatagrams() && !s.waitForReadyRead(50))
                continue;
            QString why;
            if (parseResponse(s.receiveDatagram().data(), r, &why))
                return true;
        }
        return false;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QJsonObject config{
            {"node", "dns"},
            {"role", "dns"},
            {"listen", QJsonObject{{"address", "127.0.0.1"}, {"port", 0}, {"fallback", true}}},
            {"ttl", 300},
            {"records",
             QJsonArray{QJsonObject{
                 {"name", "www.foobar.com"}, {"type", "A"}, {"ttl", 300}, {"value", "8.8.8.8"}}}}};
        QFile f(m_dir.filePath("dns.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(config).toJson());
        f.close();
        m_node.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node",
                     {"dns", "--config", f.fileName()});
        QVERIFY(m_node.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!events("ready").isEmpty(), 10000);
        const QJsonObject ready = events("ready").first();
        QCOMPARE(ready["node"].toString(), QStringLiteral("dns"));
        m_port = ready.value("details").toObject().value("port").toInt();
        QVERIFY(m_port > 0);
        QCOMPARE(ready.value("details").toObject().value("records").toInt(), 1);
    }

    void answersQueries() {
        QUdpSocket s;
        Response r;
        QVERIFY(ask(s, buildQuery(42, "www.foobar.com", TypeA), &r));
        QCOMPARE(r.id, 42);
        QCOMPARE(r.answers.size(), 1);
        QCOMPARE(r.answers.at(0).valueText(), QStringLiteral("8.8.8.8"));
        QVERIFY(ask(s, buildQuery(43, "missing.foobar.com", TypeA), &r));
        QCOMPARE(r.rcode, int(RcodeNxDomain));
        QTRY_VERIFY(events("dns.answer").size() >= 2);
        const QJsonObject answer = events("dns.answer").first();
        QCOMPARE(answer.value("details").toObject().value("name").toString(),
                 QStringLiteral("www.foobar.com"));
        QCOMPARE(answer.value("details")
                     .toObject()
                     .value("answers")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("value")
                     .toString(),
                 QStringLiteral("8.8.8.8"));
        QVERIFY(!answer.contains("trace"));
    }

    void survivesMalformedPacketsAndCountsThem() {
        QUdpSocket s;
        const QByteArray good = buildQuery(7, "www.foobar.com", TypeA);
        const QList<QByteArray> bad{QByteArray(), QByteArray("x"), good.left(20),
                                    good.left(12) + QByteArray::fromHex("c00c00010001"),
                                    QByteArray(3000, '\xff')};
        for (const QByteArray &p : bad)
            s.writeDatagram(p, QHostAddress::LocalHost, quint16(m_port));
        Response r;
        QVERIFY(ask(s, buildQuery(8, "www.foobar.com", TypeA), &r));
        QCOMPARE(r.id, 8);
        QCOMPARE(r.answers.size(), 1);
        QTRY_COMPARE(int(events("dns.malformed").size()), int(bad.size()));
        QCOMPARE(
            events("dns.malformed").last().value("details").toObject().value("dropped").toInt(),
            int(bad.size()));
        QCOMPARE(m_node.state(), QProcess::Running);
    }

    void slowAndCut() {
        QUdpSocket s;
        Response r;
        m_node.write(R"({"cmd":"slow","ms":300})"
                     "\n");
        QVERIFY(m_node.waitForBytesWritten(2000));
        QTRY_VERIFY(events("control.applied").size() >= 1);
        QElapsedTimer t;
        t.start();
        QVERIFY(ask(s, buildQuery(9, "www.foobar.com", TypeA), &r));
        QVERIFY2(t.elapsed() >= 280, qPrintable(QString::number(t.elapsed())));
        m_node.write(R"({"cmd":"slow","ms":0})"
                     "\n");
        m_node.write(R"({"cmd":"cut","peer":"127.0.0.1"})"
                     "\n");
        QTRY_VERIFY(events("control.applied").size() >= 3);
        QVERIFY(!ask(s, buildQuery(10, "www.foobar.com", TypeA), &r, 500));
        m_node.write(R"({"cmd":"heal","peer":"127.0.0.1"})"
                     "\n");
        QTRY_VERIFY(events("control.applied").size() >= 4);
        QVERIFY(ask(s, buildQuery(11, "www.foobar.com", TypeA), &r));
    }

    void stopsOnStdinEof() {
        m_node.closeWriteChannel();
        QVERIFY(m_node.waitForFinished(5000));
        QCOMPARE(m_node.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_node.exitCode(), 0);
        QCOMPARE(events("stopped").size(), 1);
    }

    void badConfigFailsWithAReason() {
        QFile f(m_dir.filePath("bad.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"node":"dns","listen":{"address":"127.0.0.1","port":0},
                    "records":[{"name":"www.foobar.com","type":"A","value":"not-an-ip"}]})");
        f.close();
        QProcess p;
        p.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node",
                {"dns", "--config", f.fileName()});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 1);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(out.contains("\"failed\"") && out.contains("records[0]"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestDnsRole)
#include "tst_dnsrole.moc"
