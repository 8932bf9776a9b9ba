// Real clients against the running reference design (examples/three-server.infra.json):
// dig against the dns role, curl and wrk through the load balancer, headless Chromium loading
// the demo page. Each tool is a Debian package listed in packaging/debian-packages.txt.
#include "runningdesign.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestRealClients final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RunningDesign m_design;

    static QByteArray run(const QString &program, const QStringList &args, int timeoutMs,
                          int *exitCode = nullptr) {
        return runTool(program, args, timeoutMs, exitCode);
    }
    static QString tool(const char *name) { return findTool(name); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString why;
        QVERIFY2(m_design.start(
                     QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                     m_dir.filePath("run"), &why),
                 qPrintable(why));
        QCOMPARE(m_design.node("lb").designAddress, QStringLiteral("8.8.8.8"));
    }

    void dig() {
        const QString dig = tool("dig");
        QVERIFY(!dig.isEmpty());
        const NodeLine dns = m_design.node("dns");
        const QByteArray out = run(
            dig, {"@" + dns.address, "-p", QString::number(dns.port), "www.foobar.com", "+short"},
            10000);
        QCOMPARE(out.trimmed(), QByteArray("8.8.8.8"));
        const QByteArray full = run(
            dig, {"@" + dns.address, "-p", QString::number(dns.port), "NoSuch.FOOBAR.com"}, 10000);
        QVERIFY2(full.contains("status: NXDOMAIN"), full.constData());
    }

    void curlThroughTheLoadBalancer() {
        const QString curl = tool("curl");
        QVERIFY(!curl.isEmpty());
        QSet<QString> servers;
        for (int i = 0; i < 4; ++i) {
            int code = -1;
            const QByteArray out =
                run(curl, {"-sS", "-i", "-H", "Host: www.foobar.com", m_design.url("lb", "/")},
                    10000, &code);
            QCOMPARE(code, 0);
            QVERIFY2(out.startsWith("HTTP/1.1 200"), out.left(300).constData());
            const QRegularExpression served("(?mi)^x-served-by:\\s*([^,\\r\\n]+)");
            const auto m = served.match(QString::fromUtf8(out));
            QVERIFY2(m.hasMatch(), out.left(600).constData());
            servers.insert(m.captured(1).trimmed());
        }
        QCOMPARE(servers, (QSet<QString>{"server-1", "server-2"})); // round robin
    }

    void wrkHasNoSocketErrors() {
        const QString wrk = tool("wrk");
        QVERIFY(!wrk.isEmpty());
        int code = -1;
        const QByteArray out =
            run(wrk, {"-t1", "-c8", "-d3s", "-H", "Host: www.foobar.com", m_design.url("lb", "/")},
                20000, &code);
        QCOMPARE(code, 0);
        QVERIFY2(!out.contains("Socket errors"), out.constData());
        QVERIFY2(!out.contains("Non-2xx"), out.constData());
        const QRegularExpression total("(\\d+) requests in");
        const auto m = total.match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch() && m.captured(1).toInt() > 100, out.constData());
    }

    void headlessChromiumShowsWhichServerAnswered() {
        const QString chromium = tool("chromium");
        QVERIFY(!chromium.isEmpty());
        QTemporaryDir profile;
        const NodeLine lb = m_design.node("lb");
        // Chromium cannot ask our DNS: map the name to the load balancer's loopback address
        // (what the emulated DNS's 8.8.8.8 stands for here).
        const QStringList args{"--headless",
                               "--no-sandbox",
                               "--disable-gpu",
                               "--disable-quic",
                               "--no-first-run",
                               "--disable-background-networking",
                               "--disable-component-update",
                               "--disable-sync",
                               "--user-data-dir=" + profile.path(),
                               "--host-resolver-rules=MAP www.foobar.com " + lb.address,
                               "--virtual-time-budget=3000",
                               "--dump-dom",
                               QStringLiteral("http://www.foobar.com:%1/hello").arg(lb.port)};
        const QByteArray dom = run(chromium, args, 60000);
        QVERIFY2(dom.contains("server-1") || dom.contains("server-2"), dom.left(2000).constData());
    }

    void cleanupTestCase() { m_design.stop(); }
};

QTEST_GUILESS_MAIN(TestRealClients)
#include "tst_realclients.moc"
