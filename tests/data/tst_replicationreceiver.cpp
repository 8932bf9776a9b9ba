// A replica's stream read by whoever is free (ReplicationReceiver with the event loop's exclusive
// watch, EpollDispatcher::makeExclusive): while the loop waits, the kernel wakes the loop and
// only the loop, which reads, relays and acknowledges itself; while the loop is busy, the I/O
// thread does it and tells the loop. Over real loopback TCP, with a real relay log: each frame
// asks for a semi-sync acknowledgement, which must come back whoever read it.
#include "binlogentry.h"
#include "dbframe.h"
#include "epolldispatcher.h"
#include "relaylog.h"
#include "replicationreceiver.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace infrastage::db;

namespace {

// A connected loopback pair: `replica` non-blocking (the receiver's), `primary` blocking.
struct Pair {
    int replica = -1;
    int primary = -1;
};

Pair connectedPair() {
    Pair p;
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listener, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
        ::close(listener);
        return p;
    }
    p.replica = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(p.replica, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0)
        p.primary = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    ::close(listener);
    ::fcntl(p.replica, F_SETFL, ::fcntl(p.replica, F_GETFL) | O_NONBLOCK);
    return p;
}

pid_t threadId() {
    return pid_t(::syscall(SYS_gettid));
}

// Whether thread `tid` of this process sleeps in epoll_wait (blocked on its epoll's wait queue,
// where the kernel's exclusive wake-up looks for it): its state is S and its system call one
// of the epoll waits.
bool asleepInEpoll(pid_t tid) {
    const QString dir = QStringLiteral("/proc/self/task/%1/").arg(tid);
    QFile stat(dir + QStringLiteral("stat")), call(dir + QStringLiteral("syscall"));
    if (!stat.open(QIODevice::ReadOnly) || !call.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    if (close < 0 || s.mid(close + 2, 1) != "S")
        return false;
    const int nr = call.readAll().split(' ').value(0).toInt();
    return nr == SYS_epoll_wait || nr == SYS_epoll_pwait || nr == 441; // 441: epoll_pwait2
}

QByteArray frameFor(qint64 seq) {
    return BinlogEntry{seq, 1, 0, QByteArray("\x80", 1)}.toFrame(true);
}

// Reads acknowledgement frames from the primary's end until one reaches `seq` (10 s at most).
qint64 readAcksUntil(int fd, FrameReader &reader, qint64 seq) {
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    qint64 acked = 0;
    while (acked < seq) {
        QByteArray payload;
        if (reader.next(&payload) == FrameReader::Status::Frame) {
            QCborMap m;
            QString why;
            if (decodeMessage(payload, &m, &why) &&
                m.value(QLatin1String("op")).toString() == QLatin1String("ack"))
                acked = m.value(QLatin1String("seq")).toInteger();
            continue;
        }
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        reader.append(QByteArrayView(buf, n));
    }
    return acked;
}

} // namespace

class TestReplicationReceiver final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        m_loop =
            qobject_cast<infrastage::http::EpollDispatcher *>(QAbstractEventDispatcher::instance());
        QVERIFY(m_loop);
        QVERIFY(m_dir.isValid());
    }

    void init() {
        QString error;
        m_relay = std::make_unique<RelayLog>();
        QVERIFY2(m_relay->open(m_dir.filePath(QStringLiteral("relay-%1").arg(++m_runs)), &error),
                 qPrintable(error));
        m_pair = connectedPair();
        QVERIFY(m_pair.primary >= 0);
    }

    // The replica's end is the receiver's (it closes it); the primary's is the test's.
    void cleanup() { ::close(m_pair.primary); }

    void anExclusiveWatchNeedsAReadNotifier() {
        QVERIFY(!m_loop->makeExclusive(m_pair.replica)); // nothing watches it
        {
            QSocketNotifier write(m_pair.replica, QSocketNotifier::Write);
            QSocketNotifier read(m_pair.replica, QSocketNotifier::Read);
            QVERIFY(!m_loop->makeExclusive(m_pair.replica)); // reading only
        }
        QSocketNotifier read(m_pair.replica, QSocketNotifier::Read);
        QVERIFY(m_loop->makeExclusive(m_pair.replica));
        read.setEnabled(false);
        read.setEnabled(true); // removed and added again, still exclusive
        QVERIFY(!m_loop->makeExclusive(-1));
        ::close(m_pair.replica); // no receiver took it
    }

    // Ten frames, each written once the event loop sleeps in epoll_wait: the loop reads every
    // one itself, the thread none (it is not even woken), and each is relayed and acknowledged.
    void theIdleLoopReadsTheStreamItself() {
        std::atomic<int> notified{0};
        {
            ReplicationReceiver r(m_pair.replica, m_relay.get(), 0, [&notified] { ++notified; });
            QSocketNotifier watch(m_pair.replica, QSocketNotifier::Read);
            std::atomic<int> taken{0};
            QList<qint64> seqs;
            QEventLoop events;
            connect(&watch, &QSocketNotifier::activated, &events, [&] {
                r.readHere();
                for (const BinlogEntry &e : r.take().entries)
                    seqs.append(e.seq);
                taken = int(seqs.size());
                if (seqs.size() == 10)
                    events.quit();
            });
            QVERIFY(m_loop->makeExclusive(m_pair.replica));
            r.start();

            const pid_t loopThread = threadId();
            std::atomic<bool> stuck{false};
            std::thread primary([&] {
                for (int i = 1; i <= 10; ++i) {
                    const auto deadline =
                        std::chrono::steady_clock::now() + std::chrono::seconds(10);
                    // The frame before is taken and the loop asleep again.
                    while (taken < i - 1 || !asleepInEpoll(loopThread)) {
                        if (std::chrono::steady_clock::now() > deadline) {
                            stuck = true;
                            QMetaObject::invokeMethod(&events, &QEventLoop::quit);
                            return;
                        }
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    }
                    const QByteArray f = frameFor(i);
                    if (::send(m_pair.primary, f.constData(), size_t(f.size()), MSG_NOSIGNAL) !=
                        f.size())
                        stuck = true;
                }
            });
            QTimer::singleShot(30000, &events, &QEventLoop::quit);
            events.exec();
            primary.join();
            QVERIFY(!stuck);
            QCOMPARE(seqs, (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
            QCOMPARE(r.loopReads(), 10);
            QCOMPARE(r.threadReads(), 0);
            QCOMPARE(notified.load(), 0);
            QCOMPARE(r.relayedSeq(), 10);
            FrameReader acks;
            QCOMPARE(readAcksUntil(m_pair.primary, acks, 10), 10);
        } // joins the thread, closes the replica's end
    }

    // The loop is busy (not in epoll_wait) when a frame comes: the thread is woken, reads,
    // relays and acknowledges it, and tells the loop, which takes it from the inbox afterwards.
    void theBusyLoopLeavesTheStreamToTheThread() {
        std::atomic<int> notified{0};
        {
            ReplicationReceiver r(m_pair.replica, m_relay.get(), 0, [&notified] { ++notified; });
            QSocketNotifier watch(m_pair.replica, QSocketNotifier::Read);
            connect(&watch, &QSocketNotifier::activated, this, [&r] { r.readHere(); });
            QVERIFY(m_loop->makeExclusive(m_pair.replica));
            r.start();
            for (qint64 seq = 1; seq <= 3; ++seq) {
                const QByteArray f = frameFor(seq);
                QCOMPARE(::send(m_pair.primary, f.constData(), size_t(f.size()), MSG_NOSIGNAL),
                         f.size());
                // Busy here: sleeping, but not in the loop's epoll_wait.
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                while (notified < seq && std::chrono::steady_clock::now() < deadline)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                QCOMPARE(notified.load(), int(seq));
                const ReplicationReceiver::Inbox in = r.take();
                QCOMPARE(in.entries.size(), 1);
                QCOMPARE(in.entries.constFirst().seq, seq);
            }
            QCOMPARE(r.threadReads(), 3);
            QCOMPARE(r.loopReads(), 0);
            FrameReader acks;
            QCOMPARE(readAcksUntil(m_pair.primary, acks, 3), 3);
            // The loop's epoll saw the descriptor ready meanwhile; by now there is nothing left
            // for it to read.
            QCoreApplication::processEvents();
            QCOMPARE(r.loopReads(), 0);
        }
    }

private:
    infrastage::http::EpollDispatcher *m_loop = nullptr;
    QTemporaryDir m_dir;
    std::unique_ptr<RelayLog> m_relay;
    Pair m_pair;
    int m_runs = 0;
};

int main(int argc, char **argv) {
    QCoreApplication::setEventDispatcher(new infrastage::http::EpollDispatcher); // the roles' loop
    QCoreApplication app(argc, argv);
    TestReplicationReceiver test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_replicationreceiver.moc"
