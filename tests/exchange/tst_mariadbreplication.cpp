// The exported MariaDB files run for real: a primary and a replica started from the exported
// my.cnf (addresses rewritten to loopback, ports from the OS, a temporary data directory),
// set up with the exported replication SQL, replicate a write; the replica is read-only.
#include "enginetools.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <pwd.h>
#include <unistd.h>

using namespace enginetools;

class TestMariadbReplication final : public QObject {
    Q_OBJECT

private:
    QString m_client;

    Run sql(const QString &socket, const QString &statements) {
        return run(m_client, {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + socket,
                              QStringLiteral("-uroot"), QStringLiteral("-N"), QStringLiteral("-B"),
                              QStringLiteral("-e"), statements});
    }

    bool waitForServer(const QString &socket, QProcess *server) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000 && server->state() == QProcess::Running) {
            if (sql(socket, QStringLiteral("SELECT 1")).exitCode == 0)
                return true;
            QThread::msleep(200);
        }
        return false;
    }

private slots:
    void primaryAndReplicaReplicateAWrite() {
        const QString mariadbd = tool(QStringLiteral("mariadbd"));
        const QString install = tool(QStringLiteral("mariadb-install-db"));
        m_client = tool(QStringLiteral("mariadb"));
        if (mariadbd.isEmpty() || install.isEmpty() || m_client.isEmpty())
            QSKIP("mariadb-server is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        infrastage::TopologyData topology;
        const QString out = dir.filePath(QStringLiteral("out"));
        QVERIFY2(
            exportConfigs(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                          out, &error, &topology),
            qPrintable(error));
        const QString user = QString::fromLocal8Bit(getpwuid(geteuid())->pw_name);

        // One empty data directory, copied for the replica: both start from the same state.
        const QString seed = dir.filePath(QStringLiteral("seed"));
        const Run installed =
            run(install,
                {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + seed,
                 QStringLiteral("--auth-root-authentication-method=normal"),
                 QStringLiteral("--skip-test-db"), QStringLiteral("--user=") + user},
                QString(), 90000);
        QVERIFY2(installed.exitCode == 0, qPrintable(installed.output));

        struct Db {
            QString host;
            quint16 port;
            QString socket;
            QProcess *process = nullptr;
        };
        QList<Db> dbs;
        auto cleanup = qScopeGuard([&] {
            for (Db &d : dbs) {
                if (d.process) {
                    stopDaemon(d.process);
                    delete d.process;
                }
            }
        });
        QHash<QByteArray, QByteArray> addresses; // design IP -> loopback
        for (const infrastage::Node &n : topology.nodes()) {
            if (n.kind == infrastage::NodeKind::Server)
                addresses.insert(n.text(QStringLiteral("ip")).toUtf8(), "127.0.0.1");
        }
        for (const QString &host : {QStringLiteral("server-1"), QStringLiteral("server-2")}) {
            Db d{host, freePort(), dir.filePath(host + QStringLiteral(".sock"))};
            const QString data = dir.filePath(host + QStringLiteral("-data"));
            QCOMPARE(run(QStringLiteral("cp"), {QStringLiteral("-a"), seed, data}).exitCode, 0);
            QByteArray cnf = readAll(out + QStringLiteral("/hosts/%1/my.cnf").arg(host));
            QVERIFY(cnf.contains("log_bin") && cnf.contains("binlog_format = ROW"));
            for (auto it = addresses.cbegin(); it != addresses.cend(); ++it)
                cnf.replace("bind_address = " + it.key(), "bind_address = " + it.value());
            cnf.replace("port = 3306", "port = " + QByteArray::number(d.port));
            // Where this test keeps its files; the exported settings stay as they are.
            cnf += "datadir = " + data.toUtf8() + "\nsocket = " + d.socket.toUtf8() +
                   "\npid_file = " + data.toUtf8() + "/mariadb.pid\nlog_error = " + data.toUtf8() +
                   "/error.log\n" + "innodb_buffer_pool_size = 32M\n";
            const QString cnfPath = dir.filePath(host + QStringLiteral(".cnf"));
            QVERIFY(writeAll(cnfPath, cnf));
            d.process = new QProcess;
            dbs.append(d);
            startDaemon(
                d.process, mariadbd,
                {QStringLiteral("--defaults-file=") + cnfPath, QStringLiteral("--user=") + user});
            QVERIFY(d.process->waitForStarted());
        }
        for (const Db &d : dbs)
            QVERIFY2(waitForServer(d.socket, d.process),
                     qPrintable(QString::fromUtf8(
                         readAll(dir.filePath(d.host + QStringLiteral("-data/error.log"))))));

        // The exported set-up SQL, primary first, addresses rewritten like the configs.
        for (const Db &d : dbs) {
            QByteArray setup =
                readAll(out + QStringLiteral("/hosts/%1/replication.sql").arg(d.host));
            for (auto it = addresses.cbegin(); it != addresses.cend(); ++it)
                setup.replace("'" + it.key() + "'", "'" + it.value() + "'");
            setup.replace("MASTER_PORT = 3306",
                          "MASTER_PORT = " + QByteArray::number(dbs.first().port));
            const Run r = sql(d.socket, QString::fromUtf8(setup));
            QVERIFY2(r.exitCode == 0, qPrintable(d.host + QStringLiteral(": ") + r.output));
        }
        const QString primary = dbs.at(0).socket;
        const QString replica = dbs.at(1).socket;
        QCOMPARE(sql(replica, QStringLiteral("SELECT @@read_only")).output.trimmed(),
                 QStringLiteral("1"));
        QCOMPARE(sql(primary, QStringLiteral("SELECT @@binlog_format")).output.trimmed(),
                 QStringLiteral("ROW"));

        const Run write =
            sql(primary, QStringLiteral("CREATE TABLE foobar.orders (id INT PRIMARY KEY, item "
                                        "VARCHAR(40)); INSERT INTO foobar.orders VALUES (1, "
                                        "'written on the primary')"));
        QVERIFY2(write.exitCode == 0, qPrintable(write.output));
        QElapsedTimer t;
        t.start();
        QString seen;
        while (t.elapsed() < 30000) {
            seen = sql(replica, QStringLiteral("SELECT item FROM foobar.orders WHERE id = 1"))
                       .output.trimmed();
            if (seen == QLatin1String("written on the primary"))
                break;
            QThread::msleep(200);
        }
        QVERIFY2(seen == QLatin1String("written on the primary"),
                 qPrintable(seen + QLatin1Char('\n') +
                            sql(replica, QStringLiteral("SHOW SLAVE STATUS\\G")).output));
        // Row-based with GTIDs: the replica's position is a GTID of the primary's domain.
        QVERIFY(sql(replica, QStringLiteral("SELECT @@gtid_slave_pos"))
                    .output.trimmed()
                    .startsWith(QLatin1String("0-1-")));
    }
};

QTEST_GUILESS_MAIN(TestMariadbReplication)
#include "tst_mariadbreplication.moc"
