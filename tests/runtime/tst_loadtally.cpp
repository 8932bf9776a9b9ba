// LoadTally, the sums a load's report is made of: exact while small, bounded when a load runs
// until stopped (the designer's), and the report it makes says the same either way.
#include "gateway/loadtally.h"
#include "gateway/runreport.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace infrastage::runtime;

namespace {

LoadGenerator::Result answer(double latencyMs, const QString &server, int status = 200) {
    LoadGenerator::Result r;
    r.latencyNs = qint64(latencyMs * 1e6);
    r.status = status;
    r.servedBy = server + QStringLiteral(", ") + server + QStringLiteral("-app pid 42");
    return r;
}

} // namespace

class TestLoadTally : public QObject {
    Q_OBJECT

private slots:
    void countsAndExactPercentiles();
    void boundedAfterMillionsOfRequests();
};

void TestLoadTally::countsAndExactPercentiles() {
    LoadTally t;
    QList<double> all;
    for (int i = 1; i <= 1000; ++i) {
        const double ms = double((i * 7919) % 1000 + 1) / 10.0; // 0.1 .. 100 ms, shuffled
        all << ms;
        LoadGenerator::Result r =
            answer(ms, i % 2 ? QStringLiteral("server-1") : QStringLiteral("server-2"),
                   i % 100 == 0 ? 503 : 200);
        r.startNs = qint64(i) * 1000000;
        t.add(r);
    }
    LoadGenerator::Result refused;
    refused.error = QStringLiteral("Connection refused");
    refused.retried = true;
    t.add(refused);
    std::sort(all.begin(), all.end());
    QCOMPARE(t.requests(), 1001);
    QCOMPARE(t.failed(), 1);
    QCOMPARE(t.retried(), 1);
    QCOMPARE(t.serverErrors(), 10);
    QCOMPARE(t.servers().value("server-1"), 500);
    QCOMPARE(t.statuses().value("503"), 10);
    QCOMPARE(t.errors().value("Connection refused"), 1);
    QCOMPARE(t.serverTimes().value("server-2").first, 0.002);
    QCOMPARE(t.serverTimes().value("server-2").second, 1.0);
    for (double p : {50.0, 95.0, 99.0})
        QCOMPARE(t.latencyPercentileMs(p), RunReport::percentile(all, p));
    QCOMPARE(t.latencyMaxMs(), 100.0);

    const QJsonObject j = RunReport(t, 1000000000, {}, 0, {}).toJson();
    QCOMPARE(j.value("requests").toInteger(), 1001);
    QCOMPARE(j.value("errors").toInteger(), 1);
    QCOMPARE(j.value("latency_ms").toObject().value("p99").toDouble(),
             RunReport::percentile(all, 99));
}

void TestLoadTally::boundedAfterMillionsOfRequests() {
    // Two million answers (17 minutes at 2,000 requests/s): the latencies' memory stays what it
    // was after the first LoadTally::kExactLatencies, and the percentiles stay within 0.5 %.
    LoadTally t;
    QRandomGenerator random(11);
    QList<double> sample;
    qsizetype bytesAtCap = 0;
    const int n = 2000000;
    for (int i = 0; i < n; ++i) {
        const double ms = 0.2 + random.generateDouble() * random.generateDouble() * 50;
        sample << ms;
        t.add(answer(ms, QStringLiteral("server-1")));
        if (i == LoadTally::kExactLatencies)
            bytesAtCap = t.latencyBytes();
    }
    QVERIFY(bytesAtCap > 0);
    QVERIFY2(t.latencyBytes() <= 64 * 1024, qPrintable(QString::number(t.latencyBytes())));
    QCOMPARE(t.requests(), n);
    QCOMPARE(t.servers().size(), 1);
    std::sort(sample.begin(), sample.end());
    for (double p : {50.0, 95.0, 99.0}) {
        const double exact = RunReport::percentile(sample, p), kept = t.latencyPercentileMs(p);
        QVERIFY2(qAbs(kept - exact) <= 0.005 * exact,
                 qPrintable(QStringLiteral("p%1: %2 vs %3").arg(p).arg(kept).arg(exact)));
    }
    QVERIFY(t.latencyMaxMs() <= 50.2 && t.latencyMaxMs() > 45);
}

QTEST_GUILESS_MAIN(TestLoadTally)
#include "tst_loadtally.moc"
