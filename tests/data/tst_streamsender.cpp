// StreamSender (emulator/roles/db/streamsender.h): the event loop sends a replication stream's
// frames itself while the stream is idle, and what the kernel does not take at once is the
// sender thread's, which waits for room. Over a socket pair with small buffers: every byte
// arrives once and in order, whether the loop or the thread sent it, and detach() returns only
// when no send(2) is under way.
#include "streamsender.h"

#include <QTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

using infrastage::db::StreamSender;

class TestStreamSender : public QObject {
    Q_OBJECT

private slots:
    void idleStreamIsSentAtOnce();
    void whatTheKernelDoesNotTakeIsTheThreadsAndArrivesInOrder();
};

namespace {

// A connected pair of stream sockets: [0] non-blocking with a small send buffer (the sender's),
// [1] blocking, with a 20 s receive timeout (the reader's: bytes that never come fail the test,
// they do not hang it).
bool socketPair(int fds[2]) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return false;
    const int small = 16 * 1024;
    ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    ::setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    const timeval timeout{20, 0};
    ::setsockopt(fds[1], SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK) == 0;
}

QByteArray readExactly(int fd, qsizetype size) {
    QByteArray in(size, Qt::Uninitialized);
    qsizetype done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, in.data() + done, size_t(size - done));
        if (n <= 0)
            break;
        done += n;
    }
    in.truncate(done);
    return in;
}

QByteArray pattern(qsizetype size, int seed) {
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char((i * 31 + seed) & 0xff);
    return out;
}

} // namespace

void TestStreamSender::idleStreamIsSentAtOnce() {
    int fds[2];
    QVERIFY(socketPair(fds));
    StreamSender sender;
    sender.attach(fds[0], nullptr);
    const QByteArray frame = pattern(200, 1);
    sender.queue(fds[0], frame);
    sender.sendNow(fds[0]);
    // Sent on this thread: nothing is left for the sender thread.
    QCOMPARE(sender.pending(fds[0]), 0);
    QCOMPARE(readExactly(fds[1], frame.size()), frame);
    sender.detach(fds[0]);
    ::close(fds[0]);
    ::close(fds[1]);
}

void TestStreamSender::whatTheKernelDoesNotTakeIsTheThreadsAndArrivesInOrder() {
    int fds[2];
    QVERIFY(socketPair(fds));
    StreamSender sender;
    sender.attach(fds[0], nullptr);
    // Far more than the socket pair buffers: the first sendNow() leaves most of it queued.
    QByteArray all;
    for (int i = 0; i < 8; ++i) {
        const QByteArray piece = pattern(256 * 1024 + i, i);
        all += piece;
        sender.queue(fds[0], piece);
        sender.sendNow(fds[0]);
        if (i == 0)
            QVERIFY(sender.pending(fds[0]) > 0); // the kernel took only part of it
    }
    QByteArray received;
    std::thread reader([&] { received = readExactly(fds[1], all.size()); });
    reader.join(); // returns only once every byte came, from this thread's send or the sender's
    QCOMPARE(received.size(), all.size());
    QVERIFY(received == all);
    QTRY_COMPARE(sender.pending(fds[0]), 0);
    sender.detach(fds[0]);
    ::close(fds[0]);
    ::close(fds[1]);
}

QTEST_GUILESS_MAIN(TestStreamSender)
#include "tst_streamsender.moc"
