// A role never blocks on its event output: when whoever reads its stdout stops reading, requests
// are still served; the events that did not fit are dropped, and once the reader reads again
// one `events.dropped` line says how many, so that every event is either delivered or counted.
#include "testhttpclient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace {

constexpr int kEventsBuffer = 16384; // the role's bound on unwritten events, set in its config

// A web role whose stdout is a pipe the test holds the read end of, and reads when it chooses.
class PipedNode {
public:
    PipedNode(const QString &role, const QJsonObject &config, const QString &configPath) {
        QFile f(configPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(config).toJson()) < 0)
            return;
        f.close();
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return;
        m_read = fds[0];
        ::fcntl(m_read, F_SETFL, ::fcntl(m_read, F_GETFL) | O_NONBLOCK);
        const int writeEnd = fds[1];
        m_process.setChildProcessModifier([writeEnd] { ::dup2(writeEnd, 1); });
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node",
                        {role, "--config", configPath});
        ::close(writeEnd);
        m_process.waitForStarted(10000);
    }
    ~PipedNode() {
        m_process.kill();
        m_process.waitForFinished(5000);
        if (m_read >= 0)
            ::close(m_read);
    }

    int pipeSize() const { return ::fcntl(m_read, F_GETPIPE_SZ); }
    bool running() const { return m_process.state() == QProcess::Running; }

    // Reads lines until one satisfies `pred` (every line read is kept in lines()).
    QJsonObject waitForLine(int ms, const std::function<bool(const QJsonObject &)> &pred) {
        QDeadlineTimer deadline(ms);
        for (;;) {
            qsizetype eol;
            while ((eol = m_buffer.indexOf('\n')) >= 0) {
                const QJsonObject o = QJsonDocument::fromJson(m_buffer.left(eol)).object();
                m_buffer.remove(0, eol + 1);
                m_lines.append(o);
                if (pred(o))
                    return o;
            }
            if (deadline.hasExpired())
                return QJsonObject();
            pollfd p{m_read, POLLIN, 0};
            if (::poll(&p, 1, int(std::min<qint64>(100, deadline.remainingTime()))) <= 0)
                continue;
            char buf[65536];
            const ssize_t n = ::read(m_read, buf, sizeof buf);
            if (n == 0)
                return QJsonObject(); // the node is gone
            if (n > 0)
                m_buffer.append(buf, n);
        }
    }
    const QList<QJsonObject> &lines() const { return m_lines; }

private:
    QProcess m_process;
    int m_read = -1;
    QByteArray m_buffer;
    QList<QJsonObject> m_lines;
};

} // namespace

class TestEventBackpressure final : public QObject {
    Q_OBJECT

private slots:
    void requestsAreServedWhileTheEventReaderSleeps() {
        QTemporaryDir dir;
        PipedNode web(QStringLiteral("web"),
                      QJsonObject{{"node", "web-1"},
                                  {"listen", QJsonObject{{"address", "127.0.0.1"}, {"port", 0}}},
                                  {"served_by", "server-1"},
                                  {"root", QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/site")},
                                  {"events_buffer", kEventsBuffer}},
                      dir.filePath(QStringLiteral("web.json")));
        const QJsonObject ready = web.waitForLine(10000, [](const QJsonObject &o) {
            return o.value("kind").toString() == QLatin1String("ready");
        });
        QVERIFY2(!ready.isEmpty(), "the web role did not start");
        const QJsonObject where = ready.value("details").toObject();

        // From here nothing reads the events. Each GET / makes three (web.request, web.static,
        // web.response; about 700 bytes); send twice what the pipe and the buffer can hold.
        const int requests = 2 * (web.pipeSize() + kEventsBuffer) / 600;
        qInfo("pipe of %d bytes: %d requests", web.pipeSize(), requests);
        TestHttpClient client(where.value("address").toString(), where.value("port").toInt());
        for (int i = 0; i < requests; ++i) {
            const infrastage::http::HttpResponse r = client.get("/", {}, 10000);
            QVERIFY2(r.status == 200, qPrintable(QStringLiteral("request %1 of %2: %3")
                                                     .arg(i)
                                                     .arg(requests)
                                                     .arg(client.lastError())));
        }
        QVERIFY(web.running());

        // Reading again: the buffered events arrive, and once there is room again a request's
        // events get through, the first of them after the note of what was dropped. Requests
        // sent while the buffer is still full are dropped too, so send marked ones until one
        // arrives.
        int markers = 0;
        QJsonObject last;
        while (last.isEmpty() && markers < 100) {
            const QByteArray trace =
                QByteArray::number(0x4bf92f3577b34da6ULL + markers, 16).rightJustified(32, '0');
            ++markers;
            QCOMPARE(
                client.get("/", {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}}).status,
                200);
            last = web.waitForLine(1000, [&](const QJsonObject &o) {
                return o.value("kind").toString() == QLatin1String("web.response") &&
                       o.value("trace").toString().toLatin1() == trace;
            });
        }
        QVERIFY2(!last.isEmpty(), "no request's events came through after reading again");
        qint64 dropped = 0;
        int requestEvents = 0;
        for (const QJsonObject &o : web.lines()) {
            const QString kind = o.value("kind").toString();
            if (kind == QLatin1String("events.dropped"))
                dropped += o.value("details").toObject().value("dropped").toInteger();
            else if (kind.startsWith(QLatin1String("web.")))
                ++requestEvents;
        }
        QVERIFY2(dropped > 0, "nothing was dropped: the test did not fill the pipe");
        // Every event is either delivered or counted as dropped.
        QCOMPARE(requestEvents + dropped, qint64(3 * (requests + markers)));
    }
};

QTEST_GUILESS_MAIN(TestEventBackpressure)
#include "tst_eventbackpressure.moc"
