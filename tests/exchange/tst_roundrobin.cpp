// The exported three-server configs run for real: HAProxy and two Nginx started from the
// exported files (addresses rewritten to loopback, ports from the OS) and round robin
// alternating between the two servers, as the reference design says.
#include "enginetools.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace enginetools;

class TestRoundRobin final : public QObject {
    Q_OBJECT

private slots:
    void roundRobinAlternatesBetweenTheServers() {
        const QString haproxy = tool(QStringLiteral("haproxy"));
        const QString nginx = tool(QStringLiteral("nginx"));
        if (haproxy.isEmpty() || nginx.isEmpty())
            QSKIP("haproxy or nginx is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                              QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                              QFileDevice::ExeGroup);
        QString error;
        infrastage::TopologyData topology;
        const QString out = dir.filePath(QStringLiteral("out"));
        QVERIFY2(
            exportConfigs(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                          out, &error, &topology),
            qPrintable(error));

        // Design address:port -> loopback with a port from the OS.
        QHash<QByteArray, QByteArray> plan;
        QHash<QString, quint16> webPort;
        for (const infrastage::Node &n : topology.nodes()) {
            const QByteArray ip = n.text(QStringLiteral("ip")).toUtf8();
            if (n.kind == infrastage::NodeKind::LoadBalancer) {
                plan.insert(ip + ":80", "127.0.0.1:" + QByteArray::number(freePort()));
                plan.insert(ip + ":8404", "127.0.0.1:" + QByteArray::number(freePort()));
            } else if (n.kind == infrastage::NodeKind::Server) {
                webPort.insert(n.id, freePort());
                plan.insert(ip + ":80", "127.0.0.1:" + QByteArray::number(webPort.value(n.id)));
            }
        }
        const QString site = dir.filePath(QStringLiteral("site"));
        QDir().mkpath(site);
        QVERIFY(writeAll(site + QStringLiteral("/index.html"), "hello\n"));

        QList<QProcess *> engines;
        auto cleanup = qScopeGuard([&] {
            for (QProcess *p : engines) {
                stopDaemon(p);
                delete p;
            }
        });
        for (auto it = webPort.cbegin(); it != webPort.cend(); ++it) {
            const QString prefix = dir.filePath(it.key());
            QDir().mkpath(prefix);
            QByteArray conf = readAll(out + QStringLiteral("/hosts/%1/nginx.conf").arg(it.key()));
            QVERIFY(!conf.isEmpty());
            const QByteArray p = prefix.toUtf8();
            conf.replace("/run/nginx.pid", p + "/nginx.pid");
            conf.replace("/var/log/nginx/", p + "/");
            conf.replace("root /var/www/foobar;", "root " + site.toUtf8() + ";");
            conf.replace("listen 80;", "listen 127.0.0.1:" + QByteArray::number(it.value()) + ";");
            conf.replace("http {\n", "http {\n    client_body_temp_path " + p +
                                         "/body;\n    proxy_temp_path " + p +
                                         "/proxy;\n    fastcgi_temp_path " + p +
                                         "/fastcgi;\n    uwsgi_temp_path " + p +
                                         "/uwsgi;\n    scgi_temp_path " + p + "/scgi;\n");
            QVERIFY(writeAll(prefix + QStringLiteral("/nginx.conf"), conf));
            auto *proc = new QProcess;
            engines.append(proc);
            startDaemon(proc, nginx,
                        {QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                         prefix + QStringLiteral("/nginx.conf"), QStringLiteral("-g"),
                         QStringLiteral("daemon off;")});
            QVERIFY2(proc->waitForStarted(), qPrintable(proc->errorString()));
        }

        QByteArray cfg = readAll(out + QStringLiteral("/hosts/lb/haproxy.cfg"));
        for (auto it = plan.cbegin(); it != plan.cend(); ++it)
            cfg.replace(it.key(), it.value());
        cfg.replace("    user haproxy\n", "").replace("    group haproxy\n", "");
        for (const QByteArray &line : cfg.split('\n')) // nothing may reach a design address
            QVERIFY2(line.startsWith('#') ||
                         (!line.contains("192.168.") && !line.contains("8.8.8.8")),
                     line.constData());
        const QString cfgPath = dir.filePath(QStringLiteral("haproxy.cfg"));
        QVERIFY(writeAll(cfgPath, cfg));
        auto *lb = new QProcess;
        engines.append(lb);
        startDaemon(lb, haproxy, {QStringLiteral("-db"), QStringLiteral("-f"), cfgPath});
        QVERIFY2(lb->waitForStarted(), qPrintable(lb->errorString()));
        const quint16 lbPort = plan.value("8.8.8.8:80").split(':').last().toUShort();

        // Wait until both servers answer through the load balancer (health checks passed).
        QElapsedTimer timer;
        timer.start();
        QSet<QByteArray> seen;
        while (seen.size() < 2 && timer.elapsed() < 30000) {
            const QByteArray r = httpGet(lbPort, "/index.html");
            if (r.startsWith("HTTP/1.1 200"))
                seen.insert(header(r, "X-Served-By"));
            else
                QThread::msleep(100);
            for (QProcess *p : engines)
                QVERIFY2(p->state() == QProcess::Running, p->readAll().constData());
        }
        QCOMPARE(seen, QSet<QByteArray>({"server-1", "server-2"}));

        QList<QByteArray> order;
        for (int i = 0; i < 10; ++i) {
            const QByteArray r = httpGet(lbPort, "/index.html");
            QVERIFY2(r.startsWith("HTTP/1.1 200"), r.constData());
            QVERIFY(r.endsWith("hello\n"));
            order.append(header(r, "X-Served-By"));
        }
        for (int i = 1; i < order.size(); ++i)
            QVERIFY2(order.at(i) != order.at(i - 1), order.join(' ').constData());

        // The health check path the load balancer uses is answered by Nginx itself.
        const QByteArray health = httpGet(webPort.value(QStringLiteral("server-1")), "/health");
        QVERIFY2(health.startsWith("HTTP/1.1 200") && health.endsWith("ok\n"), health.constData());
    }
};

QTEST_GUILESS_MAIN(TestRoundRobin)
#include "tst_roundrobin.moc"
