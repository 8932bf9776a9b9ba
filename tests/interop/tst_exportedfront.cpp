// The exported configurations run by the real engines serve the design as the emulator does:
// `infrastage-cli export --format configs` writes haproxy.cfg and each server's nginx.conf; here
// real HAProxy and real Nginx run them (design addresses moved to loopback ones with ports from
// the OS, paths to a temporary directory, the `user` lines made this user's, Nginx's upstream
// pointed at the running design's application) in front of the application and database of
// `infrastage-cli up`, and curl asks both front ends the same things.
#include "runningdesign.h"

#include <QDir>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <pwd.h>
#include <unistd.h>

namespace {

quint16 freePort(const QString &address) {
    QTcpServer s;
    return s.listen(QHostAddress(address), 0) ? s.serverPort() : 0;
}

// `text` with `from` replaced by `to`; a test failure names what the export no longer has.
bool replaceIn(QString *text, const QString &from, const QString &to, QString *missing) {
    if (!text->contains(from)) {
        *missing = from;
        return false;
    }
    text->replace(from, to);
    return true;
}

} // namespace

class TestExportedFront final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    RunningDesign m_design;
    QList<QProcess *> m_engines;
    QString m_front; // http://address:port of the real HAProxy
    QString m_curl;

    bool writeNginx(const QString &server, const QString &address, quint16 port,
                    QString *why) const {
        const QString exported = m_dir.filePath("exported");
        const QString dir = m_dir.filePath("nginx-" + server);
        QDir().mkpath(dir);
        QFile in(exported + "/hosts/" + server + "/nginx.conf");
        if (!in.open(QIODevice::ReadOnly)) {
            *why = in.fileName() + ": " + in.errorString();
            return false;
        }
        QString conf = QString::fromUtf8(in.readAll());
        const NodeLine app = m_design.node(server + "-app");
        const QString user = QString::fromLocal8Bit(::getpwuid(::geteuid())->pw_name);
        QString missing;
        const QString temp = QStringLiteral("client_body_temp_path %1; proxy_temp_path %1; "
                                            "fastcgi_temp_path %1; uwsgi_temp_path %1; "
                                            "scgi_temp_path %1;")
                                 .arg(dir);
        if (!replaceIn(&conf, "user www-data;", "daemon off; user " + user + ";", &missing) ||
            !replaceIn(&conf, "pid /run/nginx.pid;", "pid " + dir + "/nginx.pid;", &missing) ||
            !replaceIn(&conf, "/var/log/nginx/", dir + "/", &missing) ||
            !replaceIn(&conf, "sendfile on;", "sendfile on; " + temp, &missing) ||
            !replaceIn(&conf, "listen 80;", QStringLiteral("listen %1:%2;").arg(address).arg(port),
                       &missing) ||
            !replaceIn(&conf, "root /var/www/foobar;", "root " + exported + "/site;", &missing) ||
            !replaceIn(&conf, "server 127.0.0.1:8000;",
                       QStringLiteral("server %1:%2;").arg(app.address).arg(app.port), &missing)) {
            *why = server + "/nginx.conf has no '" + missing + "'";
            return false;
        }
        QFile out(dir + "/nginx.conf");
        if (!out.open(QIODevice::WriteOnly) || out.write(conf.toUtf8()) < 0) {
            *why = out.fileName() + ": " + out.errorString();
            return false;
        }
        return true;
    }

    QProcess *startEngine(const QString &program, const QStringList &args) {
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(program, args);
        m_engines.append(p);
        return p;
    }

    QByteArray curl(const QStringList &args) const {
        int code = -1;
        const QByteArray out = runTool(m_curl, QStringList{"-sS", "-i"} + args, 10000, &code);
        return code == 0 ? out : "curl failed: " + out;
    }

    // The server that answered: the "server-N" among the X-Served-By values (the application
    // adds its own, "server-N-app pid P").
    static QString servedBy(const QByteArray &response) {
        const QRegularExpression server("^server-\\d+$");
        for (const QByteArray &line : response.split('\n')) {
            if (!line.toLower().startsWith("x-served-by:"))
                continue;
            for (const QByteArray &v : line.mid(12).split(',')) {
                const QString name = QString::fromLatin1(v.trimmed());
                if (server.match(name).hasMatch())
                    return name;
            }
        }
        return QString();
    }

    static QByteArray body(const QByteArray &response) {
        const qsizetype end = response.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : response.mid(end + 4);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_curl = findTool("curl");
        const QString nginx =
            findTool("nginx").isEmpty() ? QStringLiteral("/usr/sbin/nginx") : findTool("nginx");
        const QString haproxy = findTool("haproxy");
        QVERIFY(!m_curl.isEmpty() && QFile::exists(nginx) && !haproxy.isEmpty());
        const QString design =
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json");
        QString why;
        QVERIFY2(m_design.start(design, m_dir.filePath("run"), &why), qPrintable(why));
        int code = -1;
        const QByteArray exported =
            runTool(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-cli",
                    {"export", design, "--format", "configs", "-o", m_dir.filePath("exported")},
                    30000, &code);
        QVERIFY2(code == 0, exported.constData());

        // Each server's Nginx on its design address moved to loopback (192.168.1.10 ->
        // 127.168.1.10, as the emulator maps it), HAProxy in front of both.
        QString cfg;
        {
            QFile f(m_dir.filePath("exported/hosts/lb/haproxy.cfg"));
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
            cfg = QString::fromUtf8(f.readAll());
        }
        QString missing;
        for (const QString &server : {QStringLiteral("server-1"), QStringLiteral("server-2")}) {
            const QString design = m_design.node(server + "-web").designAddress;
            QVERIFY2(design.startsWith("192.168.1."), qPrintable(design));
            const QString address = "127." + design.section('.', 1);
            const quint16 port = freePort(address);
            QVERIFY(port != 0);
            QVERIFY2(writeNginx(server, address, port, &why), qPrintable(why));
            const QString dir = m_dir.filePath("nginx-" + server);
            startEngine(nginx, {"-p", dir, "-c", dir + "/nginx.conf", "-e", dir + "/error.log"});
            QVERIFY2(replaceIn(&cfg, QStringLiteral("server %1 %2:80 ").arg(server, design),
                               QStringLiteral("server %1 %2:%3 ").arg(server, address).arg(port),
                               &missing),
                     qPrintable(missing));
        }
        const quint16 front = freePort("127.8.8.9");
        QVERIFY2(replaceIn(&cfg, "    user haproxy\n", "", &missing) &&
                     replaceIn(&cfg, "    group haproxy\n", "", &missing) &&
                     replaceIn(&cfg, "bind 8.8.8.8:80\n",
                               QStringLiteral("bind 127.8.8.9:%1\n").arg(front), &missing) &&
                     replaceIn(&cfg, "bind 8.8.8.8:8404",
                               QStringLiteral("bind 127.8.8.9:%1").arg(freePort("127.8.8.9")),
                               &missing),
                 qPrintable(missing));
        QFile out(m_dir.filePath("haproxy.cfg"));
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(cfg.toUtf8()) > 0);
        out.close();
        QProcess *h = startEngine(haproxy, {"-db", "-f", out.fileName()});
        m_front = QStringLiteral("http://127.8.8.9:%1").arg(front);
        // Both servers UP in HAProxy's checks: each of them answers in turn.
        QSet<QString> seen;
        QElapsedTimer t;
        t.start();
        while (seen.size() < 2 && t.elapsed() < 20000) {
            const QByteArray r = curl({"-H", "Host: www.foobar.com", m_front + "/health"});
            if (r.startsWith("HTTP/1.1 200"))
                seen.insert(servedBy(r));
            else
                QThread::msleep(100);
        }
        QVERIFY2(seen.size() == 2, qPrintable(QString::fromUtf8(h->readAll()) + " seen: " +
                                              QStringList(seen.cbegin(), seen.cend()).join(',')));
    }

    // GET / is the same index.html on both front ends: the exported Nginx reads it from disk,
    // from the export's site/ (the files the web role serves), as the web role does.
    void getSlashIsTheSamePage() {
        QFile index(QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/site/index.html"));
        QVERIFY(index.open(QIODevice::ReadOnly));
        const QByteArray page = index.readAll();
        for (const QString &url :
             {m_front + "/", m_design.url("lb", "/"), m_front + "/style.css"}) {
            const QByteArray r = curl({"-H", "Host: www.foobar.com", url});
            QVERIFY2(r.startsWith("HTTP/1.1 200"), qPrintable(url + ": " + r.left(300)));
            if (!url.endsWith(".css"))
                QCOMPARE(body(r), page);
            QVERIFY2(servedBy(r).startsWith("server-"), r.left(400).constData());
        }
    }

    // The application through the exported front end: a write goes to the design's primary
    // database and reads back, through either server, as through the emulator's own.
    void theApplicationAnswersThroughIt() {
        const QByteArray message = "exported-front-" + QByteArray::number(::getpid());
        const QByteArray posted =
            curl({"-H", "Host: www.foobar.com", "--data", "author=test&message=" + message,
                  m_front + "/api/guestbook"});
        QVERIFY2(posted.startsWith("HTTP/1.1 2"), posted.left(400).constData());
        QSet<QString> servers;
        QElapsedTimer t;
        t.start();
        // The replica may be a moment behind: the other server reads its own database.
        while (servers.size() < 2 && t.elapsed() < 10000) {
            const QByteArray r = curl({"-H", "Host: www.foobar.com", m_front + "/api/guestbook"});
            QVERIFY2(r.startsWith("HTTP/1.1 200"), r.left(400).constData());
            if (body(r).contains(message))
                servers.insert(servedBy(r));
        }
        QCOMPARE(servers, (QSet<QString>{"server-1", "server-2"}));
        const QByteArray ours =
            curl({"-H", "Host: www.foobar.com", m_design.url("lb", "/api/guestbook")});
        QVERIFY2(body(ours).contains(message), ours.left(600).constData());
    }

    void cleanupTestCase() {
        for (QProcess *p : m_engines) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
            p->waitForFinished(2000);
        }
        m_design.stop();
    }
};

QTEST_GUILESS_MAIN(TestExportedFront)
#include "tst_exportedfront.moc"
