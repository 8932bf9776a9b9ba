// HTTPS through the load balancer of a design that asks for it
// (examples/secured-monitored.infra.json: tls and redirect_http on the load balancer): real
// curl is redirected from HTTP, then verifies the run's certificate over TLS; `request` follows
// the redirect like a browser; `run` sends its load over HTTPS.
#include "runningdesign.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const char *kDesign = INFRASTAGE_SOURCE_DIR "/examples/secured-monitored.infra.json";

QString cli() {
    return qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli");
}
} // namespace

class TestHttps final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RunningDesign m_design;

    QString certificate() const { return m_dir.filePath("run/tls/cert.pem"); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QString why;
        QVERIFY2(m_design.start(QString::fromUtf8(kDesign), m_dir.filePath("run"), &why),
                 qPrintable(why));
        QVERIFY(m_design.node("lb").httpsPort > 0);
        QVERIFY(QFile::exists(certificate()));
    }

    void httpIsRedirectedToHttps() {
        const QString curl = findTool("curl");
        QVERIFY(!curl.isEmpty());
        int rc = -1;
        const QByteArray out = runTool(
            curl, {"-sS", "-i", "-H", "Host: www.foobar.com", m_design.url("lb", "/page?x=1")},
            20000, &rc);
        QCOMPARE(rc, 0);
        QVERIFY2(out.startsWith("HTTP/1.1 301"), out.constData());
        // The browser's world: the design's port 443, so no port in the URL.
        QVERIFY2(out.toLower().contains("\r\nlocation: https://www.foobar.com/page?x=1\r\n"),
                 out.constData());
    }

    void curlVerifiesTheRunCertificate() {
        const QString curl = findTool("curl");
        QVERIFY(!curl.isEmpty());
        const NodeLine lb = m_design.node("lb");
        const QString resolve =
            QStringLiteral("www.foobar.com:%1:%2").arg(lb.httpsPort).arg(lb.address);
        const QString url = QStringLiteral("https://www.foobar.com:%1/").arg(lb.httpsPort);
        int rc = -1;
        QByteArray out = runTool(
            curl, {"-sS", "-i", "--cacert", certificate(), "--resolve", resolve, url}, 20000, &rc);
        QCOMPARE(rc, 0);
        QVERIFY2(out.startsWith("HTTP/1.1 200"), out.constData());
        QVERIFY2(out.contains("X-Served-By: server-"), out.constData());
        // Keep-alive over TLS: two requests on one connection both answered.
        out = runTool(curl,
                      {"-sS", "-o", "/dev/null", "-o", "/dev/null", "-w",
                       "%{http_code} %{num_connects}\\n", "--cacert", certificate(), "--resolve",
                       resolve, url, url},
                      20000, &rc);
        QCOMPARE(rc, 0);
        QVERIFY2(out.contains("200 1\n200 0\n"), out.constData());
        // Without trusting the run's certificate, curl refuses it.
        runTool(curl, {"-sS", "-o", "/dev/null", "--resolve", resolve, url}, 20000, &rc);
        QCOMPARE(rc, 60); // CURLE_PEER_FAILED_VERIFICATION
    }

    void garbageOnTheHttpsPortClosesOnlyThatConnection() {
        const NodeLine lb = m_design.node("lb");
        QTcpSocket garbage;
        garbage.connectToHost(QHostAddress(lb.address), quint16(lb.httpsPort));
        QVERIFY(garbage.waitForConnected(5000));
        garbage.write(QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") + QByteArray(4096, '\xff'));
        QVERIFY(garbage.waitForDisconnected(10000));
        // Everyone else is still served.
        const QString curl = findTool("curl");
        int rc = -1;
        const QByteArray out = runTool(
            curl,
            {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", certificate(), "--resolve",
             QStringLiteral("www.foobar.com:%1:%2").arg(lb.httpsPort).arg(lb.address),
             QStringLiteral("https://www.foobar.com:%1/").arg(lb.httpsPort)},
            20000, &rc);
        QCOMPARE(rc, 0);
        QCOMPARE(out, QByteArray("200"));
    }

    // `request` and `run` start the design themselves: the running one stops first, as a second
    // run on its addresses is refused (runtime/addresslease.h).
    void requestFollowsTheRedirectLikeABrowser() {
        m_design.stop();
        int rc = -1;
        const QByteArray out = runTool(cli(), {"request", QString::fromUtf8(kDesign)}, 60000, &rc);
        QVERIFY2(rc == 0, out.constData());
        QVERIFY2(out.contains("received 301, redirected to https://www.foobar.com/"),
                 out.constData());
        QVERIFY2(out.contains("The browser follows the redirect to https://www.foobar.com/"),
                 out.constData());
        QVERIFY2(out.contains("TLS handshake with the load balancer: TLSv1."), out.constData());
        QVERIFY2(out.contains("received 200"), out.constData());
        QVERIFY2(out.contains("X-Served-By: server-"), out.constData());
    }

    void runSendsItsLoadOverHttps() {
        int rc = -1;
        const QByteArray out = runTool(
            cli(), {"run", QString::fromUtf8(kDesign), "--requests", "60", "--format", "json"},
            60000, &rc);
        QVERIFY2(rc == 0, out.constData());
        QVERIFY2(out.contains("redirects HTTP to HTTPS"), out.constData());
        QJsonObject report;
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith('{'))
                report = QJsonDocument::fromJson(line).object();
        }
        QVERIFY2(!report.isEmpty(), out.constData());
        QCOMPARE(report.value("status").toObject().value("200").toInt(), 60);
        QCOMPARE(report.value("errors").toInt(), 0);
    }

    void cleanupTestCase() { m_design.stop(); }
};

QTEST_GUILESS_MAIN(TestHttps)
#include "tst_https.moc"
