// Kill the primary under a write load and promote the replica: in semi-synchronous mode every
// acknowledged write survives (checked by content); in asynchronous mode exactly the
// acknowledged writes the replica had not applied are lost. The old primary, back from the
// dead, is fenced, and its diverging history is reported, never merged.
#include "dbtestutil.h"
#include "dbwriter.h"

#include <QJsonArray>
#include <QTest>

#include <sqlite3.h>

using namespace infrastage::db;
using dbtest::dbConfig;

class TestFailover final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void semisyncKeepsEveryAcknowledgedWrite();
    void asyncLosesExactlyTheUnreplicatedWrites();
    void semisyncAcknowledgesOnReceiptAndKeepsItInTheRelay();

private:
    void killPrimaryUnderLoad(const QJsonObject &primaryExtra, const QJsonObject &replicaExtra,
                              QMap<QString, qint64> *acked, QSet<QString> *present,
                              qint64 *replicaSeq);
    std::unique_ptr<QTemporaryDir> m_dir;
    NodeProcess m_primary, m_replica;
};

void TestFailover::init() {
    m_primary.kill();
    m_replica.kill();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestFailover::killPrimaryUnderLoad(const QJsonObject &primaryExtra,
                                        const QJsonObject &replicaExtra,
                                        QMap<QString, qint64> *acked, QSet<QString> *present,
                                        qint64 *replicaSeq) {
    QVERIFY2(
        m_primary.start(QStringLiteral("db"), dbConfig(*m_dir, QStringLiteral("db1"),
                                                       QStringLiteral("primary"), 1, primaryExtra)),
        qPrintable(m_primary.errorText()));
    QJsonObject rx = replicaExtra;
    rx.insert(QStringLiteral("primary"), m_primary.endpoint(QStringLiteral("db1")));
    QVERIFY2(m_replica.start(QStringLiteral("db"), dbConfig(*m_dir, QStringLiteral("db2"),
                                                            QStringLiteral("replica"), 2, rx)),
             qPrintable(m_replica.errorText()));
    QVERIFY(
        !m_primary.waitForEvent(QStringLiteral("replication.replica_connected"), 10000).isEmpty());
    {
        DbClient c;
        QVERIFY(dbtest::connect(c, m_primary));
        QVERIFY(
            c
                .querySync(QStringLiteral(
                    "CREATE TABLE messages(id INTEGER PRIMARY KEY, author TEXT, body TEXT UNIQUE)"))
                .ok);
        // The table reaches the replica before the writes start (a delayed one takes its delay):
        // a fast writer could otherwise do all its writes within that delay, and the promoted
        // replica would have no table to count them in.
        DbClient r;
        QVERIFY(dbtest::connect(r, m_replica));
        QTRY_VERIFY_WITH_TIMEOUT(dbtest::statusSeq(r) >= dbtest::statusSeq(c), 10000);
    }
    DbWriter writer(m_primary.address(), m_primary.port(), QStringLiteral("w"));
    writer.start();
    QVERIFY(writer.waitForAcked(300, 30000));
    m_primary.kill(); // SIGKILL in the middle of the stream
    QTest::qWait(100);
    writer.stop();
    *acked = writer.acked();

    m_replica.control(
        QJsonObject{{QStringLiteral("cmd"), QStringLiteral("promote")},
                    {QStringLiteral("reason"), QStringLiteral("test: primary killed")}});
    const QJsonObject role = m_replica.waitForEvent(QStringLiteral("db.role"), 10000);
    QCOMPARE(
        role.value(QLatin1String("details")).toObject().value(QLatin1String("role")).toString(),
        QStringLiteral("primary"));
    DbClient np;
    QVERIFY(dbtest::connect(np, m_replica));
    *present = dbtest::bodies(np);
    *replicaSeq = dbtest::statusSeq(np);
    // The new primary takes writes.
    const DbResult w = np.querySync(
        QStringLiteral("INSERT INTO messages(author, body) VALUES ('after', 'after failover')"));
    QVERIFY2(w.ok, qPrintable(w.error));
    QCOMPARE(w.seq, *replicaSeq + 1);
}

void TestFailover::semisyncKeepsEveryAcknowledgedWrite() {
    QMap<QString, qint64> acked;
    QSet<QString> present;
    qint64 seq = 0;
    // A long timeout: on a busy machine the fallback to async must not kick in during the test.
    killPrimaryUnderLoad({{QStringLiteral("replication"), QStringLiteral("semisync")},
                          {QStringLiteral("semisync_timeout"), 20000}},
                         {}, &acked, &present, &seq);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(acked.size() >= 300);
    QStringList missing;
    for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
        if (!present.contains(it.key()))
            missing.append(it.key());
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("acknowledged but lost: ") +
                                           missing.join(QLatin1Char(' '))));
    QVERIFY(m_primary.waitForEvent(QStringLiteral("replication.semisync"), 10)
                .isEmpty()); // never fell back
}

void TestFailover::asyncLosesExactlyTheUnreplicatedWrites() {
    QMap<QString, qint64> acked;
    QSet<QString> present;
    qint64 replicaSeq = 0;
    // The replica applies 300 ms late, so the primary's death always strands some writes.
    killPrimaryUnderLoad({}, {{QStringLiteral("delay"), 300}}, &acked, &present, &replicaSeq);
    if (QTest::currentTestFailed())
        return;
    QSet<QString> lost, expected;
    for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
        if (!present.contains(it.key()))
            lost.insert(it.key());
        if (it.value() > replicaSeq)
            expected.insert(it.key());
    }
    QStringList report = lost.values();
    report.sort();
    qInfo("asynchronous failover lost %lld of %lld acknowledged writes (replica had applied up to "
          "transaction %lld): %s",
          qint64(lost.size()), qint64(acked.size()), replicaSeq,
          qPrintable(report.join(QLatin1Char(' '))));
    QVERIFY(!lost.isEmpty());
    QCOMPARE(lost, expected);

    // The old primary comes back from its data directory still believing it is the primary.
    NodeProcess old;
    QVERIFY(old.start(QStringLiteral("db"),
                      dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)));
    old.control(
        QJsonObject{{QStringLiteral("cmd"), QStringLiteral("fence")},
                    {QStringLiteral("primary"), m_replica.endpoint(QStringLiteral("db2"))}});
    QVERIFY(!old.waitForEvent(QStringLiteral("db.fenced"), 10000).isEmpty());
    DbClient oc;
    QVERIFY(dbtest::connect(oc, old));
    const DbResult refused =
        oc.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('split brain')"));
    QCOMPARE(refused.code, DbErrorCode::ReadOnly);
    QVERIFY2(refused.error.contains(QStringLiteral("fenced")) &&
                 refused.error.contains(QStringLiteral("db2")),
             qPrintable(refused.error));

    // Pointed at the new primary, it finds the histories diverged and says which transactions.
    old.control(
        QJsonObject{{QStringLiteral("cmd"), QStringLiteral("repoint")},
                    {QStringLiteral("primary"), m_replica.endpoint(QStringLiteral("db2"))}});
    const QJsonObject div = old.waitForEvent(QStringLiteral("replication.diverged"), 10000);
    QVERIFY(!div.isEmpty());
    const QJsonObject d = div.value(QLatin1String("details")).toObject();
    QCOMPARE(d.value(QLatin1String("common_seq")).toInteger(), replicaSeq);
    // Every lost acknowledged write is there, plus at most the one in flight when it died.
    QVERIFY(d.value(QLatin1String("local_only_count")).toInteger() >= lost.size());
    QVERIFY(d.value(QLatin1String("local_only_count")).toInteger() <= lost.size() + 1);
    QCOMPARE(d.value(QLatin1String("primary_only_count")).toInteger(), 1);
    QCOMPARE(d.value(QLatin1String("local_only"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("origin"))
                 .toInteger(),
             1);
    const QJsonObject finding = old.waitForEvent(QStringLiteral("finding"), 1000);
    QCOMPARE(
        finding.value(QLatin1String("details")).toObject().value(QLatin1String("rule")).toString(),
        QStringLiteral("runtime.split-brain"));
    // Nothing was merged: the old primary still has its own writes and not the new primary's.
    QCOMPARE(dbtest::scalar(
                 oc, QStringLiteral("SELECT count(*) FROM messages WHERE body = 'after failover'")),
             0);
    QVERIFY(dbtest::bodies(oc).contains(*lost.cbegin()));
}

// A semi-synchronous primary hears back when the replica has the transaction in its relay log,
// not once it applied it (MySQL's semi-sync): a replica that applies slowly still acknowledges
// at once, and killed before it applied, it applies from its relay log when it comes back, even
// with its primary gone, so nothing acknowledged is lost.
void TestFailover::semisyncAcknowledgesOnReceiptAndKeepsItInTheRelay() {
    QVERIFY(m_primary.start(QStringLiteral("db"),
                            dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1,
                                     {{QStringLiteral("replication"), QStringLiteral("semisync")},
                                      {QStringLiteral("semisync_timeout"), 60000}})));
    const QJsonObject replicaConfig =
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), m_primary.endpoint(QStringLiteral("db1"))}});
    QVERIFY(m_replica.start(QStringLiteral("db"), replicaConfig));
    QVERIFY(
        !m_primary.waitForEvent(QStringLiteral("replication.replica_connected"), 10000).isEmpty());
    DbClient c;
    QVERIFY(dbtest::connect(c, m_primary));
    QVERIFY(
        c.querySync(QStringLiteral("CREATE TABLE messages(id INTEGER PRIMARY KEY, body TEXT)")).ok);
    // From now on the replica waits a minute after each transaction it applies.
    m_replica.control(
        {{QStringLiteral("cmd"), QStringLiteral("slow")}, {QStringLiteral("ms"), 60000}});
    QVERIFY(!m_replica.waitForEvent(QStringLiteral("control.applied"), 10000).isEmpty());
    for (int i = 1; i <= 3; ++i) {
        const DbResult w = c.querySync(QStringLiteral("INSERT INTO messages(body) VALUES (?1)"),
                                       QCborArray{QStringLiteral("acked %1").arg(i)}, 30000);
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.raw().value(QLatin1String("semisync")).toBool(false), true);
    }
    m_replica.kill();
    m_primary.kill();
    // Acknowledged, not all applied: the replica's tables lack the last writes.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(qPrintable(m_dir->filePath(QStringLiteral("db2/db.sqlite"))), &db),
             SQLITE_OK);
    sqlite3_stmt *count = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM messages", -1, &count, nullptr);
    QCOMPARE(sqlite3_step(count), SQLITE_ROW);
    const int appliedBeforeKill = sqlite3_column_int(count, 0);
    sqlite3_finalize(count);
    sqlite3_close(db);
    QVERIFY2(appliedBeforeKill < 3, qPrintable(QString::number(appliedBeforeKill)));
    // Back without its primary: what it acknowledged is applied from its relay log.
    QVERIFY(m_replica.start(QStringLiteral("db"), replicaConfig));
    m_replica.control({{QStringLiteral("cmd"), QStringLiteral("promote")}});
    QVERIFY(!m_replica.waitForEvent(QStringLiteral("db.role"), 10000).isEmpty());
    DbClient np;
    QVERIFY(dbtest::connect(np, m_replica));
    QCOMPARE(dbtest::statusSeq(np), 4);
    QCOMPARE(dbtest::bodies(np),
             (QSet<QString>{QStringLiteral("acked 1"), QStringLiteral("acked 2"),
                            QStringLiteral("acked 3")}));
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
