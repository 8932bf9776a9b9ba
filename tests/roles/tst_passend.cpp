// Writes held to the end of the event loop's pass (roles/http/passend.h), on the role
// processes' own loop (EpollDispatcher): what is held runs after the pass that held it, never for
// an owner that is gone, and the HTTP server's answers still arrive whole and in order when they
// wait there: pipelined, larger than the socket's buffer, and with the connection closed after.
#include "epolldispatcher.h"
#include "httpserver.h"
#include "listenspec.h"
#include "passend.h"

#include <QCoreApplication>
#include <QTimer>
#include <QtTest>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace infrastage::http;

namespace {

int g_runs = 0;
void countRun(QObject *) {
    ++g_runs;
}

constexpr qsizetype kBigBody = 4 * 1024 * 1024; // far more than a socket's send buffer

// A blocking client on its own thread (the test's thread runs the server's loop): sends
// `request` and reads until the server closes the connection.
QByteArray exchangeUntilClosed(quint16 port, const QByteArray &request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QByteArray in;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 &&
        ::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) == request.size()) {
        timeval tv{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[65536];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
            in.append(buf, n);
    }
    ::close(fd);
    return in;
}

} // namespace

class TestPassEnd : public QObject {
    Q_OBJECT

private slots:
    void heldWorkRunsAfterThePass();
    void goneOwnerIsSkipped();
    void writesAtOnceWhenAskedTo();
    void answersArriveWholeAndInOrder();
};

void TestPassEnd::heldWorkRunsAfterThePass() {
    QVERIFY(writesAtPassEnd());
    QObject owner;
    g_runs = 0;
    int runsInsideThePass = -1;
    QTimer::singleShot(0, &owner, [&] {
        atPassEnd(&owner, countRun);
        atPassEnd(&owner, countRun);
        runsInsideThePass = g_runs;
    });
    QTRY_COMPARE(g_runs, 2);
    QCOMPARE(runsInsideThePass, 0);
    QTest::qWait(20); // and only once
    QCOMPARE(g_runs, 2);
}

void TestPassEnd::goneOwnerIsSkipped() {
    g_runs = 0;
    bool held = false;
    QTimer::singleShot(0, [&] {
        auto *owner = new QObject;
        atPassEnd(owner, countRun);
        delete owner; // a connection closed in the same pass
        held = true;
    });
    QTRY_VERIFY(held);
    QTest::qWait(20);
    QCOMPARE(g_runs, 0);
}

void TestPassEnd::writesAtOnceWhenAskedTo() {
    qputenv("INFRASTAGE_WRITES", "now");
    enablePassEnd();
    QVERIFY(!writesAtPassEnd());
    qunsetenv("INFRASTAGE_WRITES");
    enablePassEnd();
    QVERIFY(writesAtPassEnd());
}

void TestPassEnd::answersArriveWholeAndInOrder() {
    HttpServer server;
    server.setHandler([](const ServerRequest &r, const Responder &responder) {
        HttpResponse a;
        a.status = 200;
        a.body = r.request.target == "/big" ? QByteArray(kBigBody, 'x')
                                            : "answer to " + r.request.target + '\n';
        responder.send(a);
    });
    ListenSpec spec;
    spec.address = QHostAddress::LocalHost;
    QString why;
    QVERIFY2(server.listen(spec, &why), qPrintable(why));
    // Three pipelined requests, the last one large and closing: each answer is held to its
    // pass's end, the large one goes out over many passes, and the connection closes after it.
    const QByteArray requests = "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
                                "GET /two HTTP/1.1\r\nHost: t\r\n\r\n"
                                "GET /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    QByteArray got;
    std::atomic<bool> done{false};
    std::thread client([&] {
        got = exchangeUntilClosed(server.port(), requests);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 15000);
    client.join();
    const qsizetype one = got.indexOf("answer to /one\n");
    const qsizetype two = got.indexOf("answer to /two\n");
    const qsizetype big = got.indexOf("HTTP/1.1 200", two);
    QVERIFY2(one > 0 && two > one && big > two, got.left(400).constData());
    const qsizetype bodyStart = got.indexOf("\r\n\r\n", big) + 4;
    QCOMPARE(got.size() - bodyStart, kBigBody);
    QVERIFY(got.endsWith('x'));
}

int main(int argc, char **argv) {
    QCoreApplication::setEventDispatcher(new EpollDispatcher); // the role processes' loop
    QCoreApplication app(argc, argv);
    TestPassEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_passend.moc"
