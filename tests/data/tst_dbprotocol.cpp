// The database role's protocol against a real infrastage-node db process: statements, results,
// error codes, read-only replicas, and hostile input that must not hurt anyone else.
#include "dbblockingclient.h"
#include "dbclient.h"
#include "dberrorcode.h"
#include "nodeprocess.h"

#include <QCborValue>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace infrastage::db;

class TestDbProtocol final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void statementsAndResults();
    void errorsHaveCodes();
    void blockingClient();
    void blockingClientTimeoutsAndLostConnections();
    void replicaRefusesWrites();
    void malformedInputIsSurvived();
    void queryEventsCarryTheTrace();
    void logIsCheckpointedWhileRunning();

private:
    QJsonObject config(const QString &node, const QString &role, int serverId) const;
    QTemporaryDir m_dir;
    NodeProcess m_primary;
};

QJsonObject TestDbProtocol::config(const QString &node, const QString &role, int serverId) const {
    return QJsonObject{{QStringLiteral("node"), node},
                       {QStringLiteral("role"), role},
                       {QStringLiteral("server_id"), serverId},
                       {QStringLiteral("data_dir"), m_dir.filePath(node)},
                       {QStringLiteral("listen"),
                        QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                    {QStringLiteral("port"), 0}}}};
}

void TestDbProtocol::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_primary.start(QStringLiteral("db"),
                             config(QStringLiteral("db1"), QStringLiteral("primary"), 1)),
             qPrintable(m_primary.errorText()));
    DbClient c;
    c.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(c.waitForConnected(5000));
    const DbResult r = c.querySync(QStringLiteral("CREATE TABLE messages(id INTEGER PRIMARY KEY, "
                                                  "author TEXT NOT NULL, body TEXT, data BLOB)"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.seq, 1);
}

void TestDbProtocol::statementsAndResults() {
    DbClient c;
    c.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(c.waitForConnected(5000));
    const QByteArray blob("\x00\x01\xff", 3);
    DbResult w =
        c.querySync(QStringLiteral("INSERT INTO messages(author, body, data) VALUES (?, ?, ?)"),
                    QCborArray{QStringLiteral("ada"), QStringLiteral("héllo ✓"), blob});
    QVERIFY2(w.ok, qPrintable(w.error));
    QCOMPARE(w.changes, 1);
    QVERIFY(w.seq > 1);
    QCOMPARE(w.servedBy, QStringLiteral("db1"));
    QCOMPARE(w.role, QStringLiteral("primary"));
    const DbResult r = c.querySync(
        QStringLiteral("SELECT id, author, body, data, 2.5, NULL FROM messages WHERE id = ?1"),
        QCborArray{w.lastInsertId});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.columns.size(), 6);
    QCOMPARE(r.columns.at(1), QStringLiteral("author"));
    QCOMPARE(r.rows.size(), 1);
    const QCborArray row = r.rows.at(0).toArray();
    QCOMPARE(row.at(0).toInteger(), w.lastInsertId);
    QCOMPARE(row.at(2).toString(), QStringLiteral("héllo ✓"));
    QCOMPARE(row.at(3).toByteArray(), blob);
    QCOMPARE(row.at(4).toDouble(), 2.5);
    QVERIFY(row.at(5).isNull());
    QCOMPARE(r.seq, 0); // reads are not logged

    // A transaction is atomic: the failing second statement takes the first one with it.
    QEventLoop loop;
    DbResult t;
    c.transaction({{QStringLiteral("INSERT INTO messages(id, author) VALUES (1000, 'x')"), {}},
                   {QStringLiteral("INSERT INTO messages(id, author) VALUES (1000, 'y')"), {}}},
                  [&](const DbResult &res) {
                      t = res;
                      loop.quit();
                  });
    loop.exec();
    QVERIFY(!t.ok);
    QCOMPARE(t.code, DbErrorCode::Constraint);
    QCOMPARE(c.querySync(QStringLiteral("SELECT count(*) FROM messages WHERE id = 1000"))
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toInteger(),
             0);
}

void TestDbProtocol::errorsHaveCodes() {
    DbClient c;
    c.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(c.waitForConnected(5000));
    QCOMPARE(c.querySync(QStringLiteral("SELEC nonsense")).code, DbErrorCode::SqlError);
    QCOMPARE(c.querySync(QStringLiteral("INSERT INTO messages(author) VALUES (NULL)")).code,
             DbErrorCode::Constraint);
    QCOMPARE(c.querySync(QStringLiteral("BEGIN")).code, DbErrorCode::NotAllowed);
    QCOMPARE(c.querySync(QStringLiteral("PRAGMA journal_mode=DELETE")).code,
             DbErrorCode::NotAllowed);
    QCOMPARE(c.querySync(QStringLiteral("DELETE FROM infrastage_binlog")).code,
             DbErrorCode::NotAllowed);
    QCOMPARE(c.querySync(QStringLiteral("CREATE TABLE nokey(a, b)")).code,
             DbErrorCode::NoPrimaryKey);
    QCOMPARE(c.querySync(QStringLiteral("SELECT 1; DROP TABLE messages")).code,
             DbErrorCode::BadRequest);
    QCOMPARE(c.querySync(QStringLiteral("SELECT ?"), QCborArray{}).code, DbErrorCode::BadRequest);
    QCOMPARE(c.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("frobnicate")}}).code,
             DbErrorCode::UnknownOp);
    QCOMPARE(c.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("query")},
                                    {QStringLiteral("sql"), 42}})
                 .code,
             DbErrorCode::BadRequest);
    // The refused table does not exist and the connection still works.
    QCOMPARE(c.querySync(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'nokey'"))
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toInteger(),
             0);
}

// The blocking client (no event loop: the thread waits in the kernel) speaks the same frames and
// gives the same answers as DbClient.
void TestDbProtocol::blockingClient() {
    DbBlockingClient c;
    QVERIFY(!c.isConnected());
    QCOMPARE(c.query(QStringLiteral("SELECT 1")).code, DbErrorCode::NotConnected);
    QString why;
    QVERIFY2(c.connectToServer(m_primary.address(), m_primary.port(), 5000, &why), qPrintable(why));
    const QByteArray blob("\x00\x01\xff", 3);
    const qint64 big = Q_INT64_C(9007199254740993); // not exact as a double
    const DbResult w =
        c.query(QStringLiteral("INSERT INTO messages(author, body, data) VALUES (?, ?, ?)"),
                QCborArray{QStringLiteral("blocking"), QString::number(big), blob});
    QVERIFY2(w.ok, qPrintable(w.error));
    QCOMPARE(w.changes, 1);
    QVERIFY(w.seq > 1);
    QCOMPARE(w.servedBy, QStringLiteral("db1"));
    QCOMPARE(w.role, QStringLiteral("primary"));
    const DbResult r =
        c.query(QStringLiteral("SELECT author, data, ?2 FROM messages WHERE id = ?1"),
                QCborArray{w.lastInsertId, big});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.columns,
             (QStringList{QStringLiteral("author"), QStringLiteral("data"), QStringLiteral("?2")}));
    QCOMPARE(r.rows.size(), 1);
    QCOMPARE(r.rows.at(0).toArray().at(0).toString(), QStringLiteral("blocking"));
    QCOMPARE(r.rows.at(0).toArray().at(1).toByteArray(), blob);
    QCOMPARE(r.rows.at(0).toArray().at(2).toInteger(), big);

    // Errors keep their codes and the connection; a transaction is atomic.
    QCOMPARE(c.query(QStringLiteral("SELEC nonsense")).code, DbErrorCode::SqlError);
    const DbResult t = c.transaction(
        {{QStringLiteral("INSERT INTO messages(id, author) VALUES (2000, 'x')"), {}},
         {QStringLiteral("INSERT INTO messages(id, author) VALUES (2000, 'y')"), {}}});
    QCOMPARE(t.code, DbErrorCode::Constraint);
    QCOMPARE(c.query(QStringLiteral("SELECT count(*) FROM messages WHERE id = 2000"))
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toInteger(),
             0);
    QCOMPARE(c.request(QCborMap{{QStringLiteral("op"), QStringLiteral("frobnicate")}}).code,
             DbErrorCode::UnknownOp);
    const DbResult s = c.request(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}});
    QVERIFY(s.ok);
    QCOMPARE(s.raw().value(QLatin1String("seq")).toInteger(), w.seq);

    // What the asynchronous client sees right after is what the blocking one wrote.
    DbClient a;
    a.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(a.waitForConnected(5000));
    QCOMPARE(a.querySync(QStringLiteral("SELECT author FROM messages WHERE id = ?1"),
                         QCborArray{w.lastInsertId})
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toString(),
             QStringLiteral("blocking"));
}

void TestDbProtocol::blockingClientTimeoutsAndLostConnections() {
    DbBlockingClient c;
    QString why;
    QVERIFY2(c.connectToServer(m_primary.address(), m_primary.port(), 5000, &why), qPrintable(why));
    // A server that does not answer in time: Timeout, the connection stays; the late answer is
    // skipped and the next request gets its own.
    m_primary.freeze();
    QElapsedTimer clock;
    clock.start();
    const DbResult late = c.query(QStringLiteral("SELECT 'late'"), {}, 300);
    const qint64 waited = clock.elapsed();
    m_primary.resume();
    QCOMPARE(late.code, DbErrorCode::Timeout);
    QVERIFY2(waited >= 300 && waited < 5000, qPrintable(QString::number(waited)));
    QVERIFY(c.isConnected());
    const DbResult next = c.query(QStringLiteral("SELECT 'next'"));
    QVERIFY2(next.ok, qPrintable(next.error));
    QCOMPARE(next.rows.at(0).toArray().at(0).toString(), QStringLiteral("next"));

    // A server that dies: ConnectionLost, then NotConnected; nothing listens any more.
    NodeProcess doomed;
    QVERIFY2(doomed.start(QStringLiteral("db"),
                          config(QStringLiteral("doomed"), QStringLiteral("primary"), 9)),
             qPrintable(doomed.errorText()));
    DbBlockingClient d;
    QVERIFY(d.connectToServer(doomed.address(), doomed.port(), 5000, &why));
    QVERIFY(d.query(QStringLiteral("SELECT 1")).ok);
    doomed.kill();
    QCOMPARE(d.query(QStringLiteral("SELECT 1")).code, DbErrorCode::ConnectionLost);
    QVERIFY(!d.isConnected());
    QCOMPARE(d.query(QStringLiteral("SELECT 1")).code, DbErrorCode::NotConnected);
    QVERIFY(!d.connectToServer(doomed.address(), doomed.port(), 5000, &why));
    QVERIFY(!why.isEmpty());
    QVERIFY(!d.connectToServer(QStringLiteral("not-an-address"), 1, 5000, &why));
}

void TestDbProtocol::replicaRefusesWrites() {
    NodeProcess replica;
    QJsonObject cfg = config(QStringLiteral("db2"), QStringLiteral("replica"), 2);
    cfg.insert(QStringLiteral("primary"), m_primary.endpoint(QStringLiteral("db1")));
    QVERIFY2(replica.start(QStringLiteral("db"), cfg), qPrintable(replica.errorText()));
    DbClient p, r;
    p.connectToServer(m_primary.address(), m_primary.port());
    r.connectToServer(replica.address(), replica.port());
    QVERIFY(p.waitForConnected(5000) && r.waitForConnected(5000));
    QVERIFY(p.querySync(QStringLiteral("INSERT INTO messages(author) VALUES ('before')")).ok);
    const qint64 latest = p.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}})
                              .raw()
                              .value(QLatin1String("seq"))
                              .toInteger();
    QTRY_COMPARE_WITH_TIMEOUT(
        r.requestSync(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}})
            .raw()
            .value(QLatin1String("seq"))
            .toInteger(),
        latest, 10000);
    const qint64 before = r.querySync(QStringLiteral("SELECT count(*) FROM messages"))
                              .rows.at(0)
                              .toArray()
                              .at(0)
                              .toInteger();

    const DbResult w =
        r.querySync(QStringLiteral("INSERT INTO messages(author) VALUES ('sneaky')"));
    QVERIFY(!w.ok);
    QCOMPARE(w.code, DbErrorCode::ReadOnly);
    QVERIFY2(w.error.contains(QStringLiteral("db1")) &&
                 w.error.contains(QString::number(m_primary.port())),
             qPrintable(w.error));
    QCOMPARE(w.role, QStringLiteral("replica"));
    QCOMPARE(r.querySync(QStringLiteral("DELETE FROM messages")).code, DbErrorCode::ReadOnly);
    QCOMPARE(r.querySync(QStringLiteral("CREATE TABLE t2(id INTEGER PRIMARY KEY)")).code,
             DbErrorCode::ReadOnly);
    QCOMPARE(r.querySync(QStringLiteral("SELECT count(*) FROM messages"))
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toInteger(),
             before);
    QCOMPARE(p.querySync(QStringLiteral("SELECT count(*) FROM messages WHERE author = 'sneaky'"))
                 .rows.at(0)
                 .toArray()
                 .at(0)
                 .toInteger(),
             0);
}

void TestDbProtocol::malformedInputIsSurvived() {
    DbClient good;
    good.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(good.waitForConnected(5000));
    const qint64 before = good.querySync(QStringLiteral("SELECT count(*) FROM messages"))
                              .rows.at(0)
                              .toArray()
                              .at(0)
                              .toInteger();

    auto frame = [](const QByteArray &payload) {
        QByteArray f(4, Qt::Uninitialized);
        qToBigEndian<quint32>(quint32(payload.size()), f.data());
        return f + payload;
    };
    auto readFrame = [](QTcpSocket &s) -> QCborMap {
        QByteArray buf;
        QDeadlineTimer dl(5000);
        while (!dl.hasExpired()) {
            if (buf.size() >= 4) {
                const quint32 n = qFromBigEndian<quint32>(buf.constData());
                if (buf.size() >= 4 + qsizetype(n))
                    return QCborValue::fromCbor(buf.mid(4, n)).toMap();
            }
            if (s.waitForReadyRead(100))
                buf += s.readAll();
            if (s.state() != QAbstractSocket::ConnectedState && s.bytesAvailable() == 0 &&
                buf.size() < 4)
                break;
        }
        return {};
    };

    // Garbage that is framed correctly: an error, and the same connection keeps working.
    QTcpSocket raw;
    raw.connectToHost(m_primary.address(), m_primary.port());
    QVERIFY(raw.waitForConnected(5000));
    raw.write(frame(QByteArray("\xff\xfe not cbor", 11)));
    QCOMPARE(readFrame(raw).value(QLatin1String("code")).toInteger(), int(DbErrorCode::BadFrame));
    raw.write(frame(QCborValue(QCborArray{1, 2}).toCbor()));
    QCOMPARE(readFrame(raw).value(QLatin1String("code")).toInteger(), int(DbErrorCode::BadFrame));
    raw.write(frame(QCborValue(QCborMap{{QStringLiteral("op"), QStringLiteral("ping")},
                                        {QStringLiteral("id"), 7}})
                        .toCbor()));
    QCOMPARE(readFrame(raw).value(QLatin1String("id")).toInteger(), 7);

    // An oversize frame: an error, then the server hangs up.
    QTcpSocket big;
    big.connectToHost(m_primary.address(), m_primary.port());
    QVERIFY(big.waitForConnected(5000));
    QByteArray header(4, Qt::Uninitialized);
    qToBigEndian<quint32>(0x7fffffffu, header.data());
    big.write(header);
    QCOMPARE(readFrame(big).value(QLatin1String("code")).toInteger(),
             int(DbErrorCode::FrameTooLarge));
    QTRY_VERIFY_WITH_TIMEOUT(
        big.state() == QAbstractSocket::UnconnectedState || !big.waitForReadyRead(100), 5000);

    // A client that vanishes halfway through a frame, and one that sends random bytes.
    for (int i = 0; i < 20; ++i) {
        QTcpSocket half;
        half.connectToHost(m_primary.address(), m_primary.port());
        QVERIFY(half.waitForConnected(5000));
        const QByteArray req = frame(
            QCborValue(QCborMap{{QStringLiteral("op"), QStringLiteral("query")},
                                {QStringLiteral("sql"),
                                 QStringLiteral("INSERT INTO messages(author) VALUES ('half')")}})
                .toCbor());
        half.write(i % 2 ? req.left(req.size() / 2)
                         : QByteArray::number(i) + QByteArray(37 * i, char(i * 13)));
        half.waitForBytesWritten(1000);
        half.abort();
    }

    // Everyone else is still served, and the data is intact.
    const DbResult r = good.querySync(QStringLiteral("SELECT count(*) FROM messages"));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.at(0).toArray().at(0).toInteger(), before);
    QVERIFY(m_primary.isRunning());
    DbClient fresh;
    fresh.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(fresh.waitForConnected(5000));
    QVERIFY(fresh.querySync(QStringLiteral("SELECT 1")).ok);
}

void TestDbProtocol::queryEventsCarryTheTrace() {
    DbClient c;
    c.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(c.waitForConnected(5000));
    const QString trace = QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736");
    QVERIFY(c.querySync(QStringLiteral("SELECT * FROM messages"), {}, 5000, trace).ok);
    const QJsonObject e =
        m_primary.waitForEvent(QStringLiteral("db.query"), 5000, [&](const QJsonObject &o) {
            return o.value(QLatin1String("trace")).toString() == trace;
        });
    QVERIFY(!e.isEmpty());
    const QJsonObject d = e.value(QLatin1String("details")).toObject();
    QCOMPARE(d.value(QLatin1String("statement")).toString(), QStringLiteral("select"));
    QVERIFY(d.value(QLatin1String("rows")).toInt() > 0);
    QVERIFY(d.contains(QLatin1String("us")));
    QCOMPARE(e.value(QLatin1String("node")).toString(), QStringLiteral("db1"));
}

// Checkpoints run off the node's event loop (WalCheckpointer): while writes go on, the log is
// copied into the database file, and under writes that never pause it does not grow past about
// 20 MB. Every write goes through although the checkpoints' RESTARTs hold the write lock now and
// then (the node's busy handler waits for them), and the log's file is reused from its start,
// never cut shorter while the node runs (that truncation ran on the node's event loop).
void TestDbProtocol::logIsCheckpointedWhileRunning() {
    DbClient c;
    c.connectToServer(m_primary.address(), m_primary.port());
    QVERIFY(c.waitForConnected(5000));
    const QString file = m_dir.filePath(QStringLiteral("db1/db.sqlite"));
    const qint64 before = QFileInfo(file).size();
    const QByteArray filler(3000, 'x'); // about one page per row
    qint64 largestLog = 0, lastLog = 0;
    for (int i = 0; i < 6000; ++i) {
        const DbResult w = c.querySync(
            QStringLiteral("INSERT INTO messages(author, body, data) VALUES ('bulk', ?, ?)"),
            QCborArray{QString::number(i), filler});
        QVERIFY2(w.ok, qPrintable(w.error));
        if (i % 10 == 0) {
            const qint64 log = QFileInfo(file + QStringLiteral("-wal")).size();
            QVERIFY2(log >= lastLog,
                     qPrintable(
                         QStringLiteral("the log went from %1 to %2 bytes").arg(lastLog).arg(log)));
            lastLog = log;
            largestLog = qMax(largestLog, log);
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(file).size() > before + 6000 * 3000, 10000);
    QVERIFY2(largestLog <= 24 * 1024 * 1024, qPrintable(QString::number(largestLog)));
}

QTEST_GUILESS_MAIN(TestDbProtocol)
#include "tst_dbprotocol.moc"
