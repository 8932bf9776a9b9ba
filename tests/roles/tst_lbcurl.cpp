// Interop: the real curl client through the lb to the web and app roles.
#include "nodeharness.h"

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using Node = NodeHarness::Node;

class TestLbCurl : public QObject {
    Q_OBJECT

private slots:
    void curlGetsThePageThroughTheLb();

private:
    static QByteArray curl(const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral("curl"), args);
        if (!p.waitForFinished(15000))
            return QByteArray();
        return p.readAllStandardOutput();
    }
};

void TestLbCurl::curlGetsThePageThroughTheLb() {
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed (packaging/debian-packages.txt lists it)");
    NodeHarness nodes;
    Node *web1 = nodes.startWebWithApp(QStringLiteral("server-1"));
    Node *web2 = nodes.startWebWithApp(QStringLiteral("server-2"));
    QVERIFY2(web1 && web2, qPrintable(nodes.error()));
    Node *lb = nodes.startLb({web1, web2});
    QVERIFY2(lb, qPrintable(nodes.error()));
    const QString base = QStringLiteral("http://www.foobar.com:%1").arg(lb->port);
    const QString resolve = QStringLiteral("www.foobar.com:%1:%2").arg(lb->port).arg(lb->address);
    // Two URLs on one curl command line share a kept-alive connection.
    const QByteArray out =
        curl({QStringLiteral("-sS"), QStringLiteral("-i"), QStringLiteral("--resolve"), resolve,
              base + QStringLiteral("/"), base + QStringLiteral("/api/info")});
    QVERIFY2(out.startsWith("HTTP/1.1 200 OK"), out.left(300).constData());
    QVERIFY(out.contains("Welcome to www.foobar.com"));
    QVERIFY(out.contains("X-Served-By: server-1\r\n"));
    QVERIFY2(out.contains("X-Served-By: server-2, server-2-app pid "), out.constData());
    QVERIFY(out.contains("\"host\":\"server-2\""));
    const QByteArray head =
        curl({QStringLiteral("-sS"), QStringLiteral("-I"), QStringLiteral("--resolve"), resolve,
              base + QStringLiteral("/style.css")});
    QVERIFY(head.contains("Content-Type: text/css"));
    QVERIFY(head.contains("ETag: \""));
}

QTEST_GUILESS_MAIN(TestLbCurl)
#include "tst_lbcurl.moc"
