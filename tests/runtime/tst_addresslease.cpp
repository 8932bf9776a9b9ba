// The leases on loopback addresses that keep two runs of designs sharing an address apart: one
// holder at a time, across processes, all or nothing, given back when the holder ends however it
// ends, and nothing but an address's own file touched.
#include "addresslease.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace infrastage::runtime;
using R = AddressLease::Result;

class TestAddressLease final : public QObject {
    Q_OBJECT

private:
    // Addresses of this test process alone (other tests and runs lease the designs' addresses
    // in the same directory at the same time).
    QString m_a, m_b, m_c;

    static QMap<QString, QString> named(const QStringList &addresses) {
        QMap<QString, QString> m;
        for (const QString &a : addresses)
            m.insert(a, QStringLiteral("design %1").arg(a));
        return m;
    }
    static QString fileOf(const QString &address) {
        return AddressLease::directory() + QLatin1Char('/') + address;
    }

private slots:
    void initTestCase() {
        qunsetenv("INFRASTAGE_LEASE_WAIT"); // refusals at once, as a user gets them
        const qint64 pid = QCoreApplication::applicationPid() % 65536;
        const QString tail = QStringLiteral("%1.%2").arg(pid >> 8).arg(pid & 255);
        m_a = QStringLiteral("127.251.") + tail;
        m_b = QStringLiteral("127.252.") + tail;
        m_c = QStringLiteral("127.253.") + tail;
    }

    void cleanupTestCase() {
        for (const QString &a : {m_a, m_b, m_c})
            QFile::remove(fileOf(a));
    }

    void oneHolderAtATimeNamedInTheRefusal() {
        AddressLease first, second;
        QString error;
        QVERIFY2(first.acquire(named({m_a, m_b}), "\"shop\" (pid 1, run directory /r1)", &error) ==
                     R::Taken,
                 qPrintable(error));
        QCOMPARE(first.addresses(), (QStringList{m_a, m_b}));
        QCOMPARE(second.acquire(named({m_b}), "\"shop\" (pid 2)", &error), R::HeldByAnother);
        QVERIFY2(error.startsWith(QStringLiteral("design %1 is in use by another running design; "
                                                 "stop that run first")
                                      .arg(m_b)) &&
                     error.endsWith("It is \"shop\" (pid 1, run directory /r1)"),
                 qPrintable(error));
        QVERIFY(second.addresses().isEmpty());
        first.release();
        QVERIFY2(second.acquire(named({m_b}), "\"shop\" (pid 2)", &error) == R::Taken,
                 qPrintable(error));
        // A lease ends with its object, too.
        {
            AddressLease third;
            QCOMPARE(third.acquire(named({m_a}), "third", &error), R::Taken);
        }
        QVERIFY2(first.acquire(named({m_a}), "first again", &error) == R::Taken, qPrintable(error));
    }

    void allOrNothing() {
        AddressLease holder, wanting, after;
        QString error;
        QCOMPARE(holder.acquire(named({m_c}), "holder", &error), R::Taken);
        // m_b comes before m_c: it is taken, then given back when m_c is refused.
        QCOMPARE(wanting.acquire(named({m_b, m_c}), "wanting", &error), R::HeldByAnother);
        QVERIFY2(error.contains(m_c) && error.contains("holder"), qPrintable(error));
        QVERIFY(wanting.addresses().isEmpty());
        QVERIFY2(after.acquire(named({m_b}), "after", &error) == R::Taken, qPrintable(error));
    }

    // Another process holds it (flock(1) on the address's file, as a run holds it); killed, its
    // lease is gone with it.
    void heldByAnotherProcessUntilItDies() {
        QProcess holder;
        holder.start("sh", {"-c", "exec 9>>\"$0\" && flock -x 9 && echo locked && exec sleep 60",
                            fileOf(m_a)});
        QVERIFY(holder.waitForReadyRead(10000));
        QCOMPARE(holder.readAllStandardOutput(), QByteArray("locked\n"));
        AddressLease lease;
        QString error;
        QCOMPARE(lease.acquire(named({m_a}), "test", &error), R::HeldByAnother);
        QVERIFY2(error.contains("is in use by another running design"), qPrintable(error));
        holder.kill();
        QVERIFY(holder.waitForFinished());
        QVERIFY2(lease.acquire(named({m_a}), "test", &error) == R::Taken, qPrintable(error));
    }

    void onlyAddressesNameFiles() {
        AddressLease lease;
        for (const QString &bad :
             {QStringLiteral("../passwd"), QStringLiteral("127.0.0.1/x"), QStringLiteral("::1"),
              QStringLiteral(""), QStringLiteral("www.foobar.com"),
              QStringLiteral("127.1")}) { // 127.0.0.1, written otherwise
            QString error;
            QVERIFY2(lease.acquire(named({bad}), "test", &error) == R::Unavailable,
                     qPrintable(bad));
            QVERIFY2(error.contains("not an IPv4 address"), qPrintable(error));
        }
        QVERIFY(!QFile::exists(AddressLease::directory() + "/../passwd"));
    }

    // A symbolic link put where an address's file goes is not followed: its target is not
    // truncated, and the lease is refused.
    void aLinkInTheDirectoryIsNotFollowed() {
        QTemporaryDir dir;
        const QString target = dir.filePath("precious");
        QFile f(target);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        AddressLease probe; // makes the directory
        QString error;
        QCOMPARE(probe.acquire(named({m_c}), "probe", &error), R::Taken);
        probe.release();
        QFile::remove(fileOf(m_c));
        QVERIFY(QFile::link(target, fileOf(m_c)));
        AddressLease lease;
        QCOMPARE(lease.acquire(named({m_c}), "test", &error), R::Unavailable);
        QVERIFY2(error.contains("cannot open"), qPrintable(error));
        QFile::remove(fileOf(m_c));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me"));
        // Every user's runs lease in the one directory, as /tmp is shared: sticky, open to all.
        struct stat st;
        QCOMPARE(::lstat(QFile::encodeName(AddressLease::directory()).constData(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(st.st_mode & 07777, mode_t(01777));
    }
};

QTEST_GUILESS_MAIN(TestAddressLease)
#include "tst_addresslease.moc"
