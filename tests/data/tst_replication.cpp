// Replication between real db processes: catch-up and live following, a replica killed at
// arbitrary moments mid-stream, semi-sync fallback, and a delayed replica serving stale reads.
#include "dbtestutil.h"
#include "dbwriter.h"

#include <QTest>

#include <sqlite3.h>

using namespace infrastage::db;
using dbtest::dbConfig;

class TestReplication final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void replicaKilledMidStreamEndsIdentical();
    void largeBacklogStreamsPastFullSockets();
    void everyKindOfChangeReplicates();
    void semisyncFallsBackAndRecovers();
    void semisyncAcknowledgesWhileApplyingAndGroupsWhatWaited();
    void delayedReplicaServesStaleReads();

private:
    bool createTable(const NodeProcess &primary);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestReplication::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

bool TestReplication::createTable(const NodeProcess &primary) {
    DbClient c;
    return dbtest::connect(c, primary) &&
           c.querySync(QStringLiteral("CREATE TABLE messages(id INTEGER PRIMARY KEY, author TEXT, "
                                      "body TEXT UNIQUE)"))
               .ok;
}

void TestReplication::replicaKilledMidStreamEndsIdentical() {
    NodeProcess primary, replica;
    QVERIFY2(primary.start(QStringLiteral("db"),
                           dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)),
             qPrintable(primary.errorText()));
    QVERIFY(createTable(primary));
    const QJsonObject replicaConfig =
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}});
    QVERIFY2(replica.start(QStringLiteral("db"), replicaConfig), qPrintable(replica.errorText()));

    DbWriter writer(primary.address(), primary.port(), QStringLiteral("kill"));
    writer.start();
    // Kill the replica three times while writes keep coming, each time at a different point.
    for (int round = 1; round <= 3; ++round) {
        QVERIFY(writer.waitForAcked(150 * round, 30000));
        QTest::qWait(7 * round);
        replica.kill();
        QVERIFY(writer.waitForAcked(150 * round + 60, 30000)); // it falls behind while dead
        QVERIFY2(replica.start(QStringLiteral("db"), replicaConfig),
                 qPrintable(replica.errorText()));
    }
    QVERIFY(writer.waitForAcked(600, 30000));
    writer.stop();
    QTest::qWait(50); // the last write in flight lands

    DbClient p, r;
    QVERIFY(dbtest::connect(p, primary) && dbtest::connect(r, replica));
    const qint64 latest = dbtest::statusSeq(p);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(r), latest, 20000);
    const DbResult pc = p.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    const DbResult rc = r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    QVERIFY(pc.ok && rc.ok);
    const QCborMap pt = pc.raw().value(QLatin1String("tables")).toMap();
    QVERIFY(pt.value(QLatin1String("messages")).toMap().value(QLatin1String("rows")).toInteger() >=
            600);
    QCOMPARE(rc.raw().value(QLatin1String("tables")).toMap(), pt);
    // The replica's log is the primary's: every transaction once, none missing.
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM infrastage_binlog")), latest);
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(DISTINCT seq) FROM infrastage_binlog")),
             latest);
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT max(seq) FROM infrastage_binlog")), latest);
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")),
             dbtest::scalar(p, QStringLiteral("SELECT count(*) FROM messages")));
    // And the replica reported where it resumed.
    QVERIFY(!replica.waitForEvent(QStringLiteral("replication.connected"), 1000).isEmpty());
}

// A backlog far beyond what a socket buffers (48 transactions of 256 KB) goes out from the
// binlog dump thread (StreamSender) in pieces as the replica takes them: the kernel's buffer
// fills, the thread waits until it drains, the event loop is told to queue more. A replica
// killed in the middle of it (the thread may be inside send(2) on its descriptor) and started
// again ends identical, with writes going on meanwhile.
void TestReplication::largeBacklogStreamsPastFullSockets() {
    NodeProcess primary, replica;
    QVERIFY2(primary.start(QStringLiteral("db"),
                           dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)),
             qPrintable(primary.errorText()));
    QVERIFY(createTable(primary));
    DbClient c;
    QVERIFY(dbtest::connect(c, primary));
    const QString big(256 * 1024, QLatin1Char('b'));
    auto write = [&](int i) {
        const DbResult w =
            c.querySync(QStringLiteral("INSERT INTO messages(author, body) VALUES (?1, ?2)"),
                        QCborArray{big, QStringLiteral("big %1").arg(i)}, 30000);
        return w.ok;
    };
    for (int i = 0; i < 48; ++i)
        QVERIFY(write(i));
    const QJsonObject replicaConfig =
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}});
    QVERIFY2(replica.start(QStringLiteral("db"), replicaConfig), qPrintable(replica.errorText()));
    QTest::qWait(30); // part of the backlog is on its way
    replica.kill();
    QVERIFY(write(48));
    QVERIFY2(replica.start(QStringLiteral("db"), replicaConfig), qPrintable(replica.errorText()));
    for (int i = 49; i < 56; ++i)
        QVERIFY(write(i));
    DbClient r;
    QVERIFY(dbtest::connect(r, replica));
    const qint64 latest = dbtest::statusSeq(c);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(r), latest, 30000);
    const DbResult pc = c.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    const DbResult rc = r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    QVERIFY(pc.ok && rc.ok);
    QCOMPARE(rc.raw().value(QLatin1String("tables")).toMap(),
             pc.raw().value(QLatin1String("tables")).toMap());
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")), 56);
}

// The binary log's row format, written from the pre-update hook and applied with cached
// statements: inserts, updates (of some columns, of the key), deletes, several changes to one
// row in one transaction, every value type, composite keys and a schema change in between all
// leave the replica identical; a write that differs on the replica stops replication there.
void TestReplication::everyKindOfChangeReplicates() {
    NodeProcess primary, replica;
    QVERIFY2(primary.start(QStringLiteral("db"),
                           dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)),
             qPrintable(primary.errorText()));
    QVERIFY2(replica.start(
                 QStringLiteral("db"),
                 dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                          {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}})),
             qPrintable(replica.errorText()));
    DbClient p, r;
    QVERIFY(dbtest::connect(p, primary) && dbtest::connect(r, replica));
    auto ok = [&p](const QString &sql, const QCborArray &params = {}) {
        const DbResult res = p.querySync(sql, params);
        return res.ok ? QString() : sql + QStringLiteral(": ") + res.error;
    };
    const QStringList steps = {
        ok(QStringLiteral("CREATE TABLE kv(k INTEGER PRIMARY KEY, t TEXT, r REAL, b BLOB, n)")),
        ok(QStringLiteral("CREATE TABLE pair(a TEXT, b INTEGER, v TEXT, PRIMARY KEY(a, b)) "
                          "WITHOUT ROWID")),
        ok(QStringLiteral("INSERT INTO kv VALUES (?1, ?2, ?3, ?4, ?5)"),
           {1, QStringLiteral("één"), 2.5, QByteArray("\x00\x01\xff", 3), QCborValue()}),
        ok(QStringLiteral("INSERT INTO kv(k, t) VALUES (2, 'two'), (3, 'three'), (4, 'four')")),
        ok(QStringLiteral("UPDATE kv SET r = -1e300 WHERE k = 2")),
        ok(QStringLiteral("UPDATE kv SET k = 40, t = 'moved' WHERE k = 4")),
        ok(QStringLiteral("UPDATE kv SET t = t WHERE k = 3")), // changes nothing
        ok(QStringLiteral("DELETE FROM kv WHERE k = 3")),
        ok(QStringLiteral("INSERT INTO pair VALUES ('x', 1, 'a'), ('x', 2, 'b'), ('y', 1, 'c')")),
        ok(QStringLiteral("UPDATE pair SET v = upper(v) WHERE a = 'x'")),
        ok(QStringLiteral("ALTER TABLE kv ADD COLUMN extra TEXT DEFAULT 'd'")),
        ok(QStringLiteral("INSERT OR REPLACE INTO kv(k, t) VALUES (1, 'replaced')")),
        ok(QStringLiteral("DELETE FROM pair")),
    };
    for (const QString &failure : steps)
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCborArray tx; // several changes to the same rows in one transaction
    for (const char *sql : {"INSERT INTO kv(k, t) VALUES (50, 'new')",
                            "UPDATE kv SET t = 'newer', extra = NULL WHERE k = 50",
                            "INSERT INTO kv(k) VALUES (51)", "DELETE FROM kv WHERE k = 51"})
        tx.append(QCborMap{{QStringLiteral("sql"), QString::fromLatin1(sql)},
                           {QStringLiteral("params"), QCborArray()}});
    const DbResult txr = p.requestSync(QCborMap{
        {QStringLiteral("op"), QStringLiteral("transaction")}, {QStringLiteral("statements"), tx}});
    QVERIFY2(txr.ok, qPrintable(txr.error));
    const qint64 latest = dbtest::statusSeq(p);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(r), latest, 20000);
    const DbResult pc = p.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    const DbResult rc = r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("checksum")}});
    QVERIFY(pc.ok && rc.ok);
    QCOMPARE(rc.raw().value(QLatin1String("tables")).toMap(),
             pc.raw().value(QLatin1String("tables")).toMap());
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM kv")), 4);

    // A row the replica has differently (written behind replication's back, as a stray write
    // on a replica would): the next change to it stops replication with a conflict.
    replica.kill();
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(qPrintable(m_dir->filePath(QStringLiteral("db2/db.sqlite"))), &db),
             SQLITE_OK);
    QCOMPARE(
        sqlite3_exec(db, "UPDATE kv SET t = 'tampered' WHERE k = 2", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
    QVERIFY2(replica.start(
                 QStringLiteral("db"),
                 dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                          {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}})),
             qPrintable(replica.errorText()));
    QVERIFY(ok(QStringLiteral("UPDATE kv SET t = 'changed' WHERE k = 2")).isEmpty());
    const QJsonObject error = replica.waitForEvent(QStringLiteral("replication.error"), 10000);
    const QString why =
        error.value(QLatin1String("details")).toObject().value(QLatin1String("error")).toString();
    QVERIFY2(
        why.contains(QStringLiteral("row differs from the primary's before-image in table kv")),
        qPrintable(why));
    QCOMPARE(error.value(QLatin1String("details"))
                 .toObject()
                 .value(QLatin1String("applied"))
                 .toInteger(),
             latest);
}

void TestReplication::semisyncFallsBackAndRecovers() {
    NodeProcess primary, replica;
    QVERIFY(primary.start(QStringLiteral("db"),
                          dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1,
                                   {{QStringLiteral("replication"), QStringLiteral("semisync")},
                                    {QStringLiteral("semisync_timeout"), 300}})));
    DbClient c;
    QVERIFY(dbtest::connect(c, primary));
    // No replica at all: the first write waits for the timeout, then the primary says it went
    // async.
    const DbResult first = c.querySync(
        QStringLiteral("CREATE TABLE messages(id INTEGER PRIMARY KEY, author TEXT, body TEXT)"));
    QVERIFY(first.ok);
    QCOMPARE(first.raw().value(QLatin1String("semisync")).toBool(true), false);
    const QJsonObject off = primary.waitForEvent(QStringLiteral("replication.semisync"), 5000);
    QCOMPARE(
        off.value(QLatin1String("details")).toObject().value(QLatin1String("state")).toString(),
        QStringLiteral("off"));
    QVERIFY(
        c.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('async meanwhile')")).ok);

    // A replica arrives and catches up: semi-sync is back, and answers say a replica has the write.
    QVERIFY(replica.start(
        QStringLiteral("db"),
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}})));
    const QJsonObject on = primary.waitForEvent(QStringLiteral("replication.semisync"), 10000,
                                                [](const QJsonObject &e) {
                                                    return e.value(QLatin1String("details"))
                                                               .toObject()
                                                               .value(QLatin1String("state"))
                                                               .toString() == QLatin1String("on");
                                                });
    QVERIFY(!on.isEmpty());
    const DbResult w =
        c.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('semisync again')"));
    QVERIFY(w.ok);
    QCOMPARE(w.raw().value(QLatin1String("semisync")).toBool(false), true);
    DbClient r;
    QVERIFY(dbtest::connect(r, replica));
    // Acknowledged in semi-sync mode means the replica already has it.
    QCOMPARE(dbtest::scalar(
                 r, QStringLiteral("SELECT count(*) FROM messages WHERE body = 'semisync again'")),
             1);
}

// The replica's I/O thread acknowledges semi-sync writes while its event loop is still applying
// an earlier, long transaction; what arrived meanwhile is applied as one group afterwards. The
// idle loop read the stream itself before that.
void TestReplication::semisyncAcknowledgesWhileApplyingAndGroupsWhatWaited() {
    NodeProcess primary, replica;
    QVERIFY(primary.start(QStringLiteral("db"),
                          dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1,
                                   {{QStringLiteral("replication"), QStringLiteral("semisync")},
                                    {QStringLiteral("semisync_timeout"), 60000}})));
    QVERIFY(replica.start(
        QStringLiteral("db"),
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))}})));
    QVERIFY(
        !primary.waitForEvent(QStringLiteral("replication.replica_connected"), 10000).isEmpty());
    DbClient c, r;
    QVERIFY(dbtest::connect(c, primary) && dbtest::connect(r, replica));
    QVERIFY(createTable(primary));
    QVERIFY(c.querySync(QStringLiteral("CREATE TABLE big(id INTEGER PRIMARY KEY, v INTEGER)")).ok);
    const DbResult fill = c.querySync(
        QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
                       "60000) INSERT INTO big SELECT x, 0 FROM n"),
        {}, 30000);
    QVERIFY2(fill.ok, qPrintable(fill.error));
    auto replication = [&r](const char *field) {
        const DbResult s =
            r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}}, 30000);
        return s.raw()
            .value(QLatin1String("replication"))
            .toMap()
            .value(QLatin1String(field))
            .toInteger(-1);
    };
    auto groups = [&replication] { return replication("apply_groups"); };
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(r), dbtest::statusSeq(c), 30000);
    const qint64 before = groups();
    QVERIFY(before > 0);
    // So far the replica's loop waited between the frames and read them itself (the I/O thread
    // reads only while the loop is busy).
    QVERIFY(replication("stream_reads_loop") > 0);
    const qint64 threadReads = replication("stream_reads_thread");
    QVERIFY(threadReads >= 0);
    // 60,000 row changes: the replica's event loop applies them for a while.
    const DbResult update = c.querySync(QStringLiteral("UPDATE big SET v = v + 1"), {}, 30000);
    QVERIFY2(update.ok, qPrintable(update.error));
    QCOMPARE(update.raw().value(QLatin1String("semisync")).toBool(false), true);
    constexpr int kSmall = 5;
    for (int i = 1; i <= kSmall; ++i) {
        const DbResult w = c.querySync(QStringLiteral("INSERT INTO messages(body) VALUES (?1)"),
                                       QCborArray{QStringLiteral("small %1").arg(i)}, 30000);
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.raw().value(QLatin1String("semisync")).toBool(false), true);
    }
    const qint64 latest = dbtest::statusSeq(c);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(r), latest, 30000);
    const qint64 applied = groups() - before;
    // One group per transaction would be kSmall + 1; the small ones waited for the big one and
    // went in together.
    QVERIFY2(applied >= 1 && applied < kSmall + 1, qPrintable(QString::number(applied)));
    // What came during the long apply was read (and acknowledged) by the I/O thread.
    QVERIFY(replication("stream_reads_thread") > threadReads);
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT sum(v) FROM big")), 60000);
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")), kSmall);
}

void TestReplication::delayedReplicaServesStaleReads() {
    NodeProcess primary, replica;
    QVERIFY(primary.start(QStringLiteral("db"),
                          dbConfig(*m_dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)));
    QVERIFY(createTable(primary));
    QVERIFY(replica.start(
        QStringLiteral("db"),
        dbConfig(*m_dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                 {{QStringLiteral("primary"), primary.endpoint(QStringLiteral("db1"))},
                  {QStringLiteral("delay"), 1500}})));
    DbClient p, r;
    QVERIFY(dbtest::connect(p, primary) && dbtest::connect(r, replica));
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")), 0,
                              10000);
    QVERIFY(p.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('fresh')")).ok);
    // Read straight after the write: the delayed replica does not have it yet (a stale read).
    QCOMPARE(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")), 0);
    const DbResult st = r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}});
    QCOMPARE(st.raw()
                 .value(QLatin1String("replication"))
                 .toMap()
                 .value(QLatin1String("delay_ms"))
                 .toInteger(),
             1500);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::scalar(r, QStringLiteral("SELECT count(*) FROM messages")), 1,
                              10000);
    const QJsonObject lag =
        replica.waitForEvent(QStringLiteral("replication.lag"), 5000, [](const QJsonObject &e) {
            return e.value(QLatin1String("details"))
                       .toObject()
                       .value(QLatin1String("last_lag_ms"))
                       .toDouble() >= 1500;
        });
    QVERIFY(!lag.isEmpty());
    // The samples of each applied transaction's lag: to the replica's commit, and to its rows
    // written before that commit (the point MariaDB's BEFORE INSERT trigger measures): one of
    // each per transaction, the delay in both, the rows never after the commit.
    const QCborMap samples =
        r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")},
                               {QStringLiteral("lag_samples"), true}})
            .raw();
    const QCborArray toCommit = samples.value(QLatin1String("lag_samples_us")).toArray();
    const QCborArray toRows = samples.value(QLatin1String("row_lag_samples_us")).toArray();
    QVERIFY(!toCommit.isEmpty());
    QCOMPARE(toRows.size(), toCommit.size());
    for (qsizetype i = 0; i < toRows.size(); ++i) {
        QVERIFY(toRows.at(i).toInteger(-1) >= 0);
        QVERIFY2(toRows.at(i).toInteger() <= toCommit.at(i).toInteger(),
                 qPrintable(QStringLiteral("%1: rows %2 us, commit %3 us")
                                .arg(i)
                                .arg(toRows.at(i).toInteger())
                                .arg(toCommit.at(i).toInteger())));
    }
    QVERIFY(toRows.last().toInteger() >= 1500 * 1000);
}

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
