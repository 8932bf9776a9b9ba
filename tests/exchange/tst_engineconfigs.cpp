// Every exported configuration of every example, checked by the engine that runs it:
// haproxy -c, nginx -t, keepalived --config-test, nft -c, promtool, docker-compose config,
// ansible-playbook --syntax-check and mariadbd's option parser. Each checker is first shown a
// broken file, so a checker that accepts anything cannot make this suite pass.
#include "enginetools.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace enginetools;

class TestEngineConfigs final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_certDir;

    QString needTool(const QString &name) {
        const QString path = tool(name);
        if (path.isEmpty())
            qWarning("%s is not installed (packaging/debian-packages.txt lists it)",
                     qPrintable(name));
        return path;
    }

    // Runs `check` on a broken file, then on every exported file named `name`.
    void checkAll(const QString &name, const QByteArray &broken,
                  const std::function<Run(const QString &)> &check, int atLeast) {
        const QString bad = m_dir.filePath(QStringLiteral("broken-") + name);
        QVERIFY(writeAll(bad, broken));
        const Run refused = check(bad);
        QVERIFY2(
            refused.exitCode != 0,
            qPrintable(
                QStringLiteral("the checker accepted a broken %1: %2").arg(name, refused.output)));
        const QStringList files = filesNamed(m_dir.filePath(QStringLiteral("out")), name);
        QVERIFY2(files.size() >= atLeast,
                 qPrintable(QStringLiteral("only %1 %2 exported").arg(files.size()).arg(name)));
        for (const QString &f : files) {
            const Run r = check(f);
            QVERIFY2(
                r.exitCode == 0,
                qPrintable(
                    QStringLiteral("%1:\n%2\n%3").arg(f, r.output, QString::fromUtf8(readAll(f)))));
        }
    }

    // A copy of `file` with paths and ports a checker can use here; the original is untouched.
    QString rewritten(const QString &file, const std::function<void(QByteArray &)> &edit) {
        QByteArray text = readAll(file);
        edit(text);
        const QString out = file + QStringLiteral(".checked");
        writeAll(out, text);
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        for (const QString &e : examples()) {
            QString error;
            QVERIFY2(
                exportConfigs(e, m_dir.filePath(QStringLiteral("out/") + exampleName(e)), &error),
                qPrintable(error));
        }
        // HTTPS load balancers need their certificate to exist: a self-signed one stands in.
        m_certDir = m_dir.filePath(QStringLiteral("certs"));
        QDir().mkpath(m_certDir);
        if (!tool(QStringLiteral("openssl")).isEmpty()) {
            const Run r = run(
                tool(QStringLiteral("openssl")),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                 QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=www.foobar.com"),
                 QStringLiteral("-keyout"), m_certDir + QStringLiteral("/key.pem"),
                 QStringLiteral("-out"), m_certDir + QStringLiteral("/cert.pem")});
            QCOMPARE(r.exitCode, 0);
            writeAll(m_certDir + QStringLiteral("/www.foobar.com.pem"),
                     readAll(m_certDir + QStringLiteral("/cert.pem")) +
                         readAll(m_certDir + QStringLiteral("/key.pem")));
        }
    }

    void everyEngineFileIsChecked() {
        // The files no checker below reads are the README, the site and the SQL (the SQL runs
        // for real in tst_mariadbreplication; the site's files, site/, are served by the real
        // Nginx in interop/exportedfront). Anything else new must get a checker here.
        QDirIterator it(m_dir.filePath(QStringLiteral("out")), QDir::Files,
                        QDirIterator::Subdirectories);
        const QStringList checked = {
            QStringLiteral("haproxy.cfg"),        QStringLiteral("nginx.conf"),
            QStringLiteral("keepalived.conf"),    QStringLiteral("nftables.conf"),
            QStringLiteral("prometheus.yml"),     QStringLiteral("alerts.yml"),
            QStringLiteral("docker-compose.yml"), QStringLiteral("playbook.yml"),
            QStringLiteral("inventory.ini"),      QStringLiteral("my.cnf"),
            QStringLiteral("replication.sql"),    QStringLiteral("README.md")};
        int count = 0;
        while (it.hasNext()) {
            const QString f = it.next();
            ++count;
            if (f.contains(QLatin1String("/site/")))
                continue;
            QVERIFY2(checked.contains(QFileInfo(f).fileName()), qPrintable(f));
        }
        QVERIFY(count > 40);
    }

    void haproxyAcceptsThem() {
        const QString haproxy = needTool(QStringLiteral("haproxy"));
        if (haproxy.isEmpty())
            QSKIP("haproxy is not installed");
        checkAll(
            QStringLiteral("haproxy.cfg"), "frontend www\n    bind :80\n    balance sometimes\n",
            [&](const QString &f) {
                const QString copy = rewritten(f, [&](QByteArray &t) {
                    t.replace("/etc/haproxy/certs/", (m_certDir + QLatin1Char('/')).toUtf8());
                });
                return run(haproxy, {QStringLiteral("-c"), QStringLiteral("-f"), copy});
            },
            8);
    }

    void nginxAcceptsThem() {
        const QString nginx = needTool(QStringLiteral("nginx"));
        if (nginx.isEmpty())
            QSKIP("nginx is not installed");
        const QString prefix = m_dir.filePath(QStringLiteral("nginx"));
        QDir().mkpath(prefix);
        // nginx -t opens its logs and pid path and binds its ports: those move to a temporary
        // directory and to free loopback ports; compose service names become loopback.
        checkAll(
            QStringLiteral("nginx.conf"), "events {}\nhttp { server { listen 80; root; } }\n",
            [&](const QString &f) {
                const QString copy = rewritten(f, [&](QByteArray &t) {
                    const QByteArray p = prefix.toUtf8();
                    t.replace("/run/nginx.pid", p + "/nginx.pid");
                    t.replace("/var/log/nginx/", p + "/");
                    t.replace("http {\n", "http {\n    client_body_temp_path " + p +
                                              "/body;\n    proxy_temp_path " + p +
                                              "/proxy;\n    fastcgi_temp_path " + p +
                                              "/fastcgi;\n    uwsgi_temp_path " + p +
                                              "/uwsgi;\n    scgi_temp_path " + p + "/scgi;\n");
                    QString s = QString::fromUtf8(t);
                    s.replace(QRegularExpression(QStringLiteral(R"(listen \d+;)")),
                              QStringLiteral("listen 127.0.0.1:%1;").arg(freePort()));
                    s.replace(QRegularExpression(
                                  QStringLiteral(R"(server [A-Za-z][A-Za-z0-9_-]*:(\d+);)")),
                              QStringLiteral("server 127.0.0.1:\\1;"));
                    t = s.toUtf8();
                });
                return run(nginx, {QStringLiteral("-t"), QStringLiteral("-p"), prefix,
                                   QStringLiteral("-c"), copy});
            },
            10);
    }

    void keepalivedAcceptsThem() {
        const QString keepalived = needTool(QStringLiteral("keepalived"));
        if (keepalived.isEmpty())
            QSKIP("keepalived is not installed");
        checkAll(
            QStringLiteral("keepalived.conf"), "vrrp_instance A {\n  bogus_keyword 1\n}\n",
            [&](const QString &f) {
                Run r = run(keepalived, {QStringLiteral("--config-test"), QStringLiteral("-f"), f});
                // keepalived reports some problems on stderr yet exits 0: any line is a failure.
                if (r.exitCode == 0 && !r.output.trimmed().isEmpty())
                    r.exitCode = 99;
                return r;
            },
            2);
    }

    void nftAcceptsThem() {
        const QString nft = needTool(QStringLiteral("nft"));
        if (nft.isEmpty())
            QSKIP("nftables is not installed");
        checkAll(
            QStringLiteral("nftables.conf"),
            "table inet f { chain x { type filter hook input priority 0; policy maybe; } }\n",
            [&](const QString &f) {
                return run(nft, {QStringLiteral("-c"), QStringLiteral("-f"), f});
            },
            10);
    }

    void promtoolAcceptsThem() {
        const QString promtool = needTool(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("prometheus (promtool) is not installed");
        checkAll(
            QStringLiteral("prometheus.yml"), "global:\n  scrape_interval: often\n",
            [&](const QString &f) {
                return run(promtool, {QStringLiteral("check"), QStringLiteral("config"), f});
            },
            4);
    }

    // The alert rules are the ones the emulator's monitor evaluates (monitoring/alertrules.cpp).
    void promtoolAcceptsTheAlertRules() {
        const QString promtool = needTool(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("prometheus (promtool) is not installed");
        checkAll(
            QStringLiteral("alerts.yml"),
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up ==\n",
            [&](const QString &f) {
                return run(promtool, {QStringLiteral("check"), QStringLiteral("rules"), f});
            },
            4);
    }

    void dockerComposeAcceptsThem() {
        const QString compose = needTool(QStringLiteral("docker-compose"));
        if (compose.isEmpty())
            QSKIP("docker-compose is not installed");
        checkAll(
            QStringLiteral("docker-compose.yml"),
            "version: \"3.8\"\nservices:\n  a:\n    image: [\n",
            [&](const QString &f) {
                return run(
                    compose,
                    {QStringLiteral("-f"), f, QStringLiteral("config"), QStringLiteral("-q")},
                    QFileInfo(f).absolutePath());
            },
            4);
    }

    void ansibleAcceptsThem() {
        const QString ansible = needTool(QStringLiteral("ansible-playbook"));
        if (ansible.isEmpty())
            QSKIP("ansible-playbook is not installed");
        qputenv("ANSIBLE_LOCAL_TEMP", m_dir.filePath(QStringLiteral("ansible-tmp")).toUtf8());
        qputenv("ANSIBLE_NOCOLOR", "1");
        checkAll(
            QStringLiteral("playbook.yml"), "- hosts: all\n  tasks:\n    - no.such.module: {}\n",
            [&](const QString &f) {
                const QString inventory =
                    QFileInfo(f).absoluteDir().filePath(QStringLiteral("inventory.ini"));
                return run(ansible,
                           {QStringLiteral("-i"),
                            QFile::exists(inventory) ? inventory : QStringLiteral("localhost,"),
                            QStringLiteral("--syntax-check"), f});
            },
            4);
    }

    void mariadbAcceptsThem() {
        const QString mariadbd = needTool(QStringLiteral("mariadbd"));
        if (mariadbd.isEmpty())
            QSKIP("mariadb-server is not installed");
        // mariadbd reads every option and stops at the first one it does not know.
        checkAll(
            QStringLiteral("my.cnf"), "[mysqld]\nbogus_option = 1\n",
            [&](const QString &f) {
                return run(mariadbd, {QStringLiteral("--defaults-file=") + f,
                                      QStringLiteral("--help"), QStringLiteral("--verbose")});
            },
            8);
    }
};

QTEST_GUILESS_MAIN(TestEngineConfigs)
#include "tst_engineconfigs.moc"
