// Automatic failover (FailoverManager) over three real db processes: the primary freezes, the
// most advanced replica is promoted and the other repointed; the old primary thaws, still
// believing it is the primary, and is fenced, rejoins as a replica and reports its divergence.
#include "dbtestutil.h"
#include "events/eventkind.h"
#include "failovermanager.h"

#include <QJsonDocument>
#include <QTest>

using namespace infrastage::db;
using dbtest::dbConfig;
using infrastage::runtime::FailoverManager;

class TestAutoFailover final : public QObject {
    Q_OBJECT

private slots:
    void frozenPrimaryIsReplacedAndFencedOnReturn();
};

void TestAutoFailover::frozenPrimaryIsReplacedAndFencedOnReturn() {
    QTemporaryDir dir;
    NodeProcess db1, db2, db3;
    QVERIFY(db1.start(QStringLiteral("db"),
                      dbConfig(dir, QStringLiteral("db1"), QStringLiteral("primary"), 1)));
    const QJsonObject toDb1 = db1.endpoint(QStringLiteral("db1"));
    // Delayed replicas, so that the freeze strands a transaction db2 received but never applied,
    // and db2 (1 s behind) is always more advanced than db3 (5 s behind).
    QVERIFY(
        db2.start(QStringLiteral("db"),
                  dbConfig(dir, QStringLiteral("db2"), QStringLiteral("replica"), 2,
                           {{QStringLiteral("primary"), toDb1}, {QStringLiteral("delay"), 1000}})));
    QVERIFY(
        db3.start(QStringLiteral("db"),
                  dbConfig(dir, QStringLiteral("db3"), QStringLiteral("replica"), 3,
                           {{QStringLiteral("primary"), toDb1}, {QStringLiteral("delay"), 5000}})));
    DbClient c1, c2;
    QVERIFY(dbtest::connect(c1, db1) && dbtest::connect(c2, db2));
    QVERIFY(
        c1.querySync(QStringLiteral(
                         "CREATE TABLE messages(id INTEGER PRIMARY KEY, author TEXT, body TEXT)"))
            .ok);
    for (int i = 0; i < 20; ++i)
        QVERIFY(c1.querySync(QStringLiteral("INSERT INTO messages(body) VALUES (?)"), QCborArray{i})
                    .ok);
    QTRY_COMPARE_WITH_TIMEOUT(dbtest::statusSeq(c2), dbtest::statusSeq(c1), 10000);

    QList<QPair<QString, QString>> steps; // (node, kind)
    FailoverManager manager(QStringLiteral("db1"),
                            {{QStringLiteral("db1"), db1.address(), db1.port()},
                             {QStringLiteral("db2"), db2.address(), db2.port()},
                             {QStringLiteral("db3"), db3.address(), db3.port()}},
                            FailoverManager::Options{600, true, 100});
    connect(&manager, &FailoverManager::step, this,
            [&](const QString &node, const QString &kind, const QJsonObject &) {
                steps.append({node, kind});
            });
    manager.start();
    QTest::qWait(400);
    // A healthy primary is left alone. On a busy machine a probe can come late enough to make
    // it a suspect for a moment (then it recovers): that is the manager doing its job, not a
    // failover; nothing else may happen.
    for (const auto &s : std::as_const(steps))
        QVERIFY2(s.second == infrastage::EventKind::FailoverSuspect ||
                     s.second == infrastage::EventKind::FailoverRecovered,
                 qPrintable(s.first + QLatin1Char(' ') + s.second));
    QCOMPARE(manager.primary(), QStringLiteral("db1"));

    QVERIFY(
        c1.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('stranded on db1')")).ok);
    db1.freeze();

    QTRY_VERIFY_WITH_TIMEOUT(
        steps.contains({QStringLiteral("db2"), QStringLiteral("failover.done")}), 15000);
    QVERIFY(steps.contains({QStringLiteral("db1"), QStringLiteral("failover.suspect")}));
    QVERIFY(steps.contains({QStringLiteral("db3"), QStringLiteral("failover.repoint")}));
    QCOMPARE(manager.primary(), QStringLiteral("db2"));
    QTRY_COMPARE_WITH_TIMEOUT(c2.querySync(QStringLiteral("SELECT 1")).role,
                              QStringLiteral("primary"), 5000);
    const DbResult w =
        c2.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('on the new primary')"));
    QVERIFY2(w.ok, qPrintable(w.error));
    // The other replica now follows the new primary and gets the new write.
    DbClient c3;
    QVERIFY(dbtest::connect(c3, db3));
    const bool reached = QTest::qWaitFor(
        [&] {
            return dbtest::scalar(c3, QStringLiteral("SELECT count(*) FROM messages WHERE body = "
                                                     "'on the new primary'")) == 1;
        },
        20000);
    if (!reached) { // what the two replicas went through says why
        for (const NodeProcess *node : {&db2, &db3}) {
            for (const QJsonObject &e : node->events())
                qWarning("%s", QJsonDocument(e).toJson(QJsonDocument::Compact).constData());
        }
    }
    QVERIFY(reached);
    QCOMPARE(
        dbtest::scalar(
            c3, QStringLiteral("SELECT count(*) FROM messages WHERE body = 'stranded on db1'")),
        0);

    // The old primary thaws: it is fenced, rejoins as a replica, and its extra write is reported.
    db1.resume();
    QTRY_VERIFY_WITH_TIMEOUT(
        steps.contains({QStringLiteral("db1"), QStringLiteral("failover.fence")}), 15000);
    QVERIFY(!db1.waitForEvent(QStringLiteral("db.fenced"), 5000).isEmpty());
    const QJsonObject div = db1.waitForEvent(QStringLiteral("replication.diverged"), 10000);
    QVERIFY(!div.isEmpty());
    QCOMPARE(div.value(QLatin1String("details"))
                 .toObject()
                 .value(QLatin1String("local_only_count"))
                 .toInt(),
             1);
    QTRY_VERIFY_WITH_TIMEOUT(
        steps.contains({QStringLiteral("db1"), QStringLiteral("failover.diverged")}), 10000);
    DbClient again;
    QVERIFY(dbtest::connect(again, db1));
    QCOMPARE(again.querySync(QStringLiteral("INSERT INTO messages(body) VALUES ('split')")).code,
             DbErrorCode::ReadOnly);
    QCOMPARE(dbtest::scalar(
                 again,
                 QStringLiteral("SELECT count(*) FROM messages WHERE body = 'on the new primary'")),
             0);
    manager.stop();
}

QTEST_GUILESS_MAIN(TestAutoFailover)
#include "tst_autofailover.moc"
