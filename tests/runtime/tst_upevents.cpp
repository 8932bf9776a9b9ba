// `infrastage-cli up --events` whose reader stops reading: the emulation must keep serving
// (the CLI queues what it cannot write, then drops and counts), and the CLI must still stop
// when asked. stdout is a pipe of one page that the test reads only when it chooses.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace {

const QString kThreeServer =
    QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json");

// `up` with its stdout on a pipe the test holds the read end of.
class UpProcess {
public:
    explicit UpProcess(const QStringList &extra) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return;
        ::fcntl(fds[1], F_SETPIPE_SZ, 4096); // the smallest pipe: full after a few events
        m_read = fds[0];
        ::fcntl(m_read, F_SETFL, ::fcntl(m_read, F_GETFL) | O_NONBLOCK);
        const int writeEnd = fds[1];
        m_process.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, 1); });
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-cli",
                        QStringList{"up", kThreeServer, "--events"} + extra);
        ::close(writeEnd);
        m_process.waitForStarted(10000);
    }
    ~UpProcess() {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        if (m_read >= 0)
            ::close(m_read);
    }

    QProcess &process() { return m_process; }
    QString failure() {
        return m_process.errorString() + QStringLiteral(": ") +
               QString::fromLocal8Bit(m_process.readAllStandardError());
    }

    // Reads what is in the pipe within `ms`; false at end of file.
    bool read(int ms) {
        pollfd p{m_read, POLLIN, 0};
        if (::poll(&p, 1, ms) <= 0)
            return true;
        char buf[65536];
        const ssize_t n = ::read(m_read, buf, sizeof buf);
        if (n > 0)
            m_buffer.append(buf, n);
        return n != 0;
    }
    // The next whole line read so far, or empty.
    QByteArray takeLine() {
        const qsizetype eol = m_buffer.indexOf('\n');
        if (eol < 0)
            return QByteArray();
        const QByteArray line = m_buffer.left(eol);
        m_buffer.remove(0, eol + 1);
        return line;
    }

    // Reads lines until one satisfies `pred`, at most `ms`.
    QJsonObject waitForLine(int ms, const std::function<bool(const QJsonObject &)> &pred) {
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            QByteArray line;
            while (!(line = takeLine()).isEmpty()) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (pred(o))
                    return o;
            }
            if (!read(100))
                break;
        }
        return QJsonObject();
    }

private:
    QProcess m_process;
    int m_read = -1;
    QByteArray m_buffer;
};

// One GET on a new connection; the status, or 0 with nothing within 10 s.
int get(const QString &address, int port) {
    QTcpSocket s;
    s.connectToHost(address, quint16(port));
    if (!s.waitForConnected(10000))
        return 0;
    s.write("GET / HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n");
    QByteArray reply;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && s.state() == QAbstractSocket::ConnectedState) {
        if (s.waitForReadyRead(int(deadline.remainingTime())))
            reply += s.readAll();
    }
    reply += s.readAll();
    const QList<QByteArray> status = reply.left(reply.indexOf('\r')).split(' ');
    return status.size() >= 2 ? status.at(1).toInt() : 0;
}

} // namespace

class TestUpEvents final : public QObject {
    Q_OBJECT

private slots:
    void emulationServesWhileTheReaderSleeps() {
        UpProcess up({"--detail", "--events-queue", "64K"});
        const QJsonObject lb = up.waitForLine(30000, [](const QJsonObject &o) {
            return o.value("role").toString() == QLatin1String("lb");
        });
        QVERIFY2(!lb.isEmpty(), qPrintable(up.failure()));
        // From here the test does not read stdout: the pipe fills after a few events. With
        // --detail every request makes several kilobytes of events, far more than the pipe,
        // the 64 KiB queue and the nodes' own event pipes together.
        int failures = 0;
        for (int i = 0; i < 300 && failures < 3; ++i) {
            const int status = get(lb.value("address").toString(), lb.value("port").toInt());
            if (status != 200) {
                ++failures;
                qWarning("request %d: status %d", i, status);
            }
        }
        QCOMPARE(failures, 0);
        QCOMPARE(up.process().state(), QProcess::Running);
        // Reading again: the queued events come, and one line where the rest were dropped.
        const QJsonObject dropped = up.waitForLine(20000, [](const QJsonObject &o) {
            return o.value("kind").toString() == QLatin1String("cli.events_dropped");
        });
        QVERIFY2(dropped.value("details").toObject().value("dropped").toDouble() > 0,
                 QJsonDocument(dropped).toJson().constData());
        // Events after the drop come through again.
        QVERIFY(get(lb.value("address").toString(), lb.value("port").toInt()) == 200);
        QVERIFY(!up.waitForLine(20000, [](const QJsonObject &o) {
                       return o.value("kind").toString() == QLatin1String("lb.response");
                   }).isEmpty());
        up.process().terminate();
        QVERIFY(up.process().waitForFinished(30000));
        QCOMPARE(up.process().exitCode(), 0);
    }

    void stopsWhileTheReaderSleeps() {
        UpProcess up({"--detail"});
        const QJsonObject lb = up.waitForLine(30000, [](const QJsonObject &o) {
            return o.value("role").toString() == QLatin1String("lb");
        });
        QVERIFY2(!lb.isEmpty(), qPrintable(up.failure()));
        for (int i = 0; i < 20; ++i)
            QCOMPARE(get(lb.value("address").toString(), lb.value("port").toInt()), 200);
        // Nobody reads the events queued for stdout; SIGTERM still stops everything.
        up.process().terminate();
        QVERIFY(up.process().waitForFinished(30000));
        QCOMPARE(up.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(up.process().exitCode(), 0);
        const QByteArray err = up.process().readAllStandardError();
        QVERIFY2(err.contains("nodes ready"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestUpEvents)
#include "tst_upevents.moc"
