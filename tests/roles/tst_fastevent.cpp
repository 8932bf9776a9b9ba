// FastEvent, the writer of every per-request event line: what it writes is the JSON a reader
// expects, for the numbers (every digit count, negative, the extremes) and the strings (every
// length around its word-at-a-time copying and escaping, quotes, control and non-ASCII
// characters) the roles give it. The line goes to stdout, here a file.
#include "eventemitter.h"
#include "fastevent.h"
#include "fastformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QtTest>

#include <limits>
#include <unistd.h>

using infrastage::roles::FastEvent;
namespace EventEmitter = infrastage::roles::EventEmitter;

class TestFastEvent final : public QObject {
    Q_OBJECT

    QTemporaryFile m_out;
    int m_savedStdout = -1;

    // The lines written since the last call.
    QList<QByteArray> lines() {
        EventEmitter::flush();
        QFile f(m_out.fileName());
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> all = f.readAll().split('\n');
        all.removeAll(QByteArray());
        const QList<QByteArray> fresh = all.mid(m_seen);
        m_seen = all.size();
        return fresh;
    }
    qsizetype m_seen = 0;

private slots:
    void initTestCase() {
        QVERIFY(m_out.open());
        std::fflush(stdout);
        m_savedStdout = ::dup(STDOUT_FILENO);
        QVERIFY(::dup2(m_out.handle(), STDOUT_FILENO) >= 0);
        EventEmitter::setNode(QStringLiteral("lb-1"));
    }
    void cleanupTestCase() {
        std::fflush(stdout);
        ::dup2(m_savedStdout, STDOUT_FILENO);
    }

    // The formatter under FastEvent's numbers and the trace ids: the same text as Qt's, for every
    // value below 2 * 10^6, both sides of every power of ten, the extremes and random values of
    // every length; the bytes after the number are the caller's slack, the ones before untouched.
    void formatsNumbersAsQt() {
        using infrastage::http::kDecimalRoom;
        using infrastage::http::writeDecimal;
        QList<quint64> values{0, std::numeric_limits<quint64>::max(),
                              quint64(std::numeric_limits<qint64>::max()), 1ULL << 63};
        for (quint64 p = 1; p <= std::numeric_limits<quint64>::max() / 10; p *= 10)
            values << p - 1 << p << p + 1 << 10 * p - 1 << 10 * p;
        QRandomGenerator random(12);
        for (int bits = 1; bits <= 64; ++bits) {
            for (int i = 0; i < 2000; ++i)
                values << (random.generate64() >> (64 - bits));
        }
        for (quint64 v = 0; v < 2000000; ++v)
            values << v;
        char buf[kDecimalRoom + 2];
        const auto check = [&buf](auto v) {
            std::memset(buf, 'x', sizeof buf);
            const QByteArray got(buf + 1, writeDecimal(buf + 1, v));
            const QByteArray expected = QByteArray::number(v);
            if (got == expected && buf[0] == 'x' && buf[kDecimalRoom + 1] == 'x')
                return true;
            QTest::qFail(("expected " + expected + ", got " + got).constData(), __FILE__, __LINE__);
            return false;
        };
        for (const quint64 v : values) {
            const qint64 s = qint64(v); // negative above INT64 max
            if (!check(v) || !check(s) || !check(s == std::numeric_limits<qint64>::min() ? s : -s))
                return;
        }
    }

    void formatsHexAsQt() {
        QList<quint64> values{0, 1, 9, 10, 15, 16, 0xabcdef};
        values << std::numeric_limits<quint64>::max() << 0x0123456789abcdefULL
               << 0xfedcba9876543210ULL;
        QRandomGenerator random(13);
        for (int i = 0; i < 100000; ++i)
            values << random.generate64() << (random.generate64() >> (i % 64));
        for (const quint64 v : values) {
            char buf[18];
            std::memset(buf, 'x', sizeof buf);
            infrastage::http::writeHex16(buf + 1, v);
            QCOMPARE(QByteArray(buf, 18),
                     'x' + QByteArray::number(v, 16).rightJustified(16, '0') + 'x');
        }
    }

    void writesEveryNumber() {
        QList<qint64> values{0, -1, std::numeric_limits<qint64>::max(),
                             std::numeric_limits<qint64>::min()};
        for (qint64 p = 1; p <= std::numeric_limits<qint64>::max() / 10; p *= 10)
            values << p - 1 << p << p + 1 << 10 * p - 1 << -p << -(10 * p - 1);
        for (const qint64 v : values)
            FastEvent("test.number", QByteArray(), 1).add("v", v).add("w", 7).send();
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), values.size());
        for (int i = 0; i < values.size(); ++i) {
            const QByteArray expected = "{\"t\":1,\"kind\":\"test.number\",\"details\":{\"v\":" +
                                        QByteArray::number(values[i]) + ",\"w\":7}}";
            QCOMPARE(got[i], expected);
        }
    }

    // An event's time: its digits above the last eight are kept from the line before, so lines
    // in the same 0.1 s, across its end, after a jump back, and of every length are checked.
    void writesEveryTime() {
        QList<qint64> times{1, 9, 10, 99999999, 100000000, 100000001};
        times << 20208800447692 << 20208800447693 << 20208899999999 << 20208900000000
              << 20208800447692 << std::numeric_limits<qint64>::max() << 999999999 << 1000000000
              << 20208800000000 << 20208800000001;
        QRandomGenerator random(14);
        for (int i = 0; i < 2000; ++i)
            times << qint64((random.generate64() >> (1 + random.bounded(63))) | 1);
        for (int i = 0; i < 2000; ++i) // close together: a shared high part
            times << 20208800000000 + qint64(random.bounded(300000000));
        for (const qint64 t : times) {
            QVERIFY(t > 0);
            FastEvent("test.time", QByteArray(), t).add("n", 1).send();
        }
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), times.size());
        for (int i = 0; i < times.size(); ++i)
            QCOMPARE(got[i], "{\"t\":" + QByteArray::number(times[i]) +
                                 ",\"kind\":\"test.time\",\"details\":{\"n\":1}}");
    }

    void writesEveryString() {
        // Lengths around 4, 8, 16 and 32 bytes, plain and with a byte to escape at each place.
        QList<QByteArray> texts;
        for (int n = 0; n <= 40; ++n) {
            QByteArray plain(n, 'a');
            for (int i = 0; i < n; ++i)
                plain[i] = char('a' + i % 26);
            texts << plain;
            for (const char special : {'"', '\\', '\n', '\x01', '\xe9'}) {
                for (int at = 0; at < n; at += n <= 17 ? 1 : 3) { // every place up to 17
                    QByteArray t = plain;
                    t[at] = special;
                    texts << t;
                }
            }
        }
        for (const QByteArray &t : texts) {
            FastEvent e("test.string", "4bf92f3577b34da6a3ce929d0e0e4736", 5);
            e.add("latin1", t).add("utf16", QString::fromLatin1(t)).add("n", qint64(t.size()));
            e.addEndpoint("client", t, 8080).send();
        }
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), texts.size());
        for (int i = 0; i < texts.size(); ++i) {
            QJsonParseError error;
            const QJsonObject o = QJsonDocument::fromJson(got[i], &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, got[i].constData());
            QCOMPARE(o.value("trace").toString(),
                     QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
            QVERIFY(!o.contains("node")); // only the ready line names the node
            const QJsonObject d = o.value("details").toObject();
            const QString expected = QString::fromLatin1(texts[i]);
            QCOMPARE(d.value("latin1").toString(), expected);
            QCOMPARE(d.value("utf16").toString(), expected);
            QCOMPARE(d.value("client").toString(), expected + QStringLiteral(":8080"));
            QCOMPARE(d.value("n").toInt(), texts[i].size());
        }
    }

    // A request's trace id (TraceContext: hex by construction) goes on the line as it is.
    void writesARequestsTrace() {
        const auto trace = infrastage::http::TraceContext::fromHeaders({}, true);
        QCOMPARE(trace.traceId().size(), 32);
        FastEvent(QLatin1String("lb.response"), trace, 3).add("status", 200).send();
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0], "{\"t\":3,\"kind\":\"lb.response\",\"trace\":\"" +
                             trace.traceId().toByteArray() + "\",\"details\":{\"status\":200}}");
    }

    // A line begun while another is open goes after it, whole; lines longer than the room made
    // ahead (and than the buffer's first storage) are whole too, in both places.
    void writesLinesInsideAndLong() {
        const QByteArray big(200 * 1024, 'x');
        {
            FastEvent outer("test.outer", QByteArray(), 1);
            outer.add("a", 1);
            FastEvent("test.inner", QByteArray(), 2).add("big", big).add("b", 2).send();
            outer.add("big", big).add("c", 3);
        }
        FastEvent("test.after", QByteArray(), 3).add("d", 4).send();
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0], "{\"t\":1,\"kind\":\"test.outer\",\"details\":{\"a\":1,\"big\":\"" + big +
                             "\",\"c\":3}}");
        QCOMPARE(got[1],
                 "{\"t\":2,\"kind\":\"test.inner\",\"details\":{\"big\":\"" + big + "\",\"b\":2}}");
        QCOMPARE(got[2], QByteArray("{\"t\":3,\"kind\":\"test.after\",\"details\":{\"d\":4}}"));
    }

    // A led pair's nested object, and a pair line counted as its events.
    void writesANestedObject() {
        FastEvent("lb.request+choice+forward", "ab", 9)
            .add("server", "web-1")
            .add("dt", 41)
            .beginObject("request")
            .add("method", "GET")
            .add("tls", true)
            .endObject()
            .send();
        const QList<QByteArray> got = lines();
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0], QByteArray("{\"t\":9,\"kind\":\"lb.request+choice+forward\",\"trace\":"
                                    "\"ab\",\"details\":{\"server\":\"web-1\",\"dt\":41,"
                                    "\"request\":{\"method\":\"GET\",\"tls\":true}}}"));
    }
};

// The events go to stdout (fd 1, a file during the test): the test's own report goes to where
// stdout was, unless asked elsewhere with -o.
int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    if (!args.contains(QStringLiteral("-o"))) {
        const int report = ::dup(STDOUT_FILENO);
        args << QStringLiteral("-o") << QStringLiteral("/proc/self/fd/%1,txt").arg(report);
    }
    TestFastEvent test;
    return QTest::qExec(&test, args);
}
#include "tst_fastevent.moc"
