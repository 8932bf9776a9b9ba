// Replication benchmark: the db role (primary -> replica, real infrastage-node processes) and,
// when given the ports of a running MariaDB primary/replica pair, MariaDB in the same run.
// Per engine and mode (async, semisync): replication lag p50/p99 at 1,000 single-row writes/s
// from one connection, the maximum single-connection write rate, and the write rate of 16
// connections writing at once (group commit). With each rate, the CPU time the servers
// (primary + replica, every thread) spent per write, which a loaded machine disturbs far less
// than the rates themselves. The single-connection phases use blocking clients on both sides
// (DbBlockingClient, libmariadb); the nodes' event pipes are read on threads of their own.
//   bench_datareplication [--seconds S] [--mariadb-primary PORT --mariadb-replica PORT
//                          --mariadb-pids PRIMARY_PID,REPLICA_PID]
//                         [--rate-only | --lag-only [--lag-dump DIR]] [--mode async|semisync]
// --rate-only runs our single-connection write rate alone (no lag, no 16 connections), and
// --mode one mode only: for alternating A/B runs of two builds and for profiling the nodes.
// Lag = time the row was written on the primary (statement start) -> time it was applied on
// the replica: ours from the replica's per-transaction samples (commit time on the primary's
// CLOCK_MONOTONIC -> replica commit), MariaDB's from SYSDATE(6) in the INSERT on the primary and
// in a BEFORE INSERT trigger run by the replica's applier (slave_run_triggers_for_rbr=YES).
#include "dbblockingclient.h"
#include "dbclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#ifdef HAVE_MARIADB
#include <mysql.h>
#endif

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace infrastage::db;

namespace {

constexpr int kConnections = 16;

struct Figures {
    double p50 = 0, p99 = 0; // ms
    // Ours also to the replica's rows written, before its commit: where MariaDB's trigger reads
    // its clock (the like-for-like figure); -1 where not measured (MariaDB).
    double rowP50 = -1, rowP99 = -1;
    qint64 samples = 0;
    double rate = 0;      // writes/s, one connection
    double cpuUs = 0;     // server CPU µs per write (primary + replica), one connection
    double replicaUs = 0; // the replica's part of it
    double clientUs = 0;  // the writing thread's own CPU µs per write, one connection
    double rate16 = 0;    // writes/s, kConnections connections
    double cpuUs16 = 0;   // server CPU µs per write, kConnections connections
    double replicaUs16 = 0;
};

struct Rate {
    double perSecond = 0, cpuUs = 0, replicaUs = 0, clientUs = 0;
};

// CPU time (user + system, all threads) of processes, in µs, from /proc/PID/stat.
qint64 cpuUs(const QList<qint64> &pids) {
    qint64 ticks = 0;
    for (qint64 pid : pids) {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = f.readAll();
        // Fields after the command (which may hold spaces) start after the last ')'.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            ticks += fields.at(11).toLongLong() + fields.at(12).toLongLong(); // utime, stime
    }
    return ticks * 1000000 / sysconf(_SC_CLK_TCK);
}

// CPU time of the calling thread, in µs: the client's own cost when it writes from one thread.
qint64 threadCpuUs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// Runs `measure` (which returns the number of writes) and the server CPU it cost (and the
// calling thread's); pids: the primary's, then the replica's.
template <typename F> Rate rateAndCpu(const QList<qint64> &pids, int seconds, F measure) {
    const qint64 cpu0 = cpuUs(pids), replica0 = cpuUs(pids.mid(1)), client0 = threadCpuUs();
    QElapsedTimer t;
    t.start();
    const qint64 n = measure(seconds);
    const double secs = double(t.nsecsElapsed()) / 1e9;
    const qint64 cpu = cpuUs(pids) - cpu0, replica = cpuUs(pids.mid(1)) - replica0;
    const qint64 client = threadCpuUs() - client0;
    if (n <= 0)
        return {};
    return {n / secs, double(cpu) / double(n), double(replica) / double(n),
            double(client) / double(n)};
}

void setRates(Figures *f, const Rate &one, const Rate &many) {
    f->rate = one.perSecond;
    f->cpuUs = one.cpuUs;
    f->replicaUs = one.replicaUs;
    f->clientUs = one.clientUs;
    f->rate16 = many.perSecond;
    f->cpuUs16 = many.cpuUs;
    f->replicaUs16 = many.replicaUs;
}

// --lag-only: the lag phase alone; --lag-dump DIR: its samples in order of the writes, one per
// line in milliseconds, in DIR/ENGINE-MODE.txt (to see when the slow ones come).
bool lagOnly = false;
QString lagDumpDir;

void dumpLag(const char *engine, bool semisync, const std::vector<double> &lag) {
    if (lagDumpDir.isEmpty())
        return;
    QFile f(lagDumpDir + QLatin1Char('/') + QLatin1String(engine) +
            (semisync ? QLatin1String("-semisync.txt") : QLatin1String("-async.txt")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    for (double ms : lag)
        f.write(QByteArray::number(ms, 'f', 3) + '\n');
}

double pct(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(std::min<double>(v.size() - 1, p * double(v.size())))];
}

// Paces `n` calls of write() at one per millisecond (sequential: a write that takes longer
// delays the next, as one connection would).
template <typename F> void paced(int n, F write) {
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        const qint64 due = qint64(i) * 1000000;
        while (t.nsecsElapsed() < due) {
            if (due - t.nsecsElapsed() > 200000)
                QThread::usleep(100);
        }
        write(i);
    }
}

template <typename F> qint64 backToBack(int seconds, F write) {
    QElapsedTimer t;
    t.start();
    int n = 0;
    while (t.elapsed() < seconds * 1000)
        write(n++);
    return n;
}

// One infrastage-node process whose event pipe (stdout) is read on a thread of its own, as
// `up` reads it, while the benchmark's thread waits in blocking calls: without a reader the
// node would find its pipe full and drop events, which a real run never makes it do.
class NodeThread final : public QThread {
public:
    NodeThread(QString bin, QString config)
        : m_bin(std::move(bin))
        , m_config(std::move(config)) {}
    ~NodeThread() override {
        quit();
        wait();
    }
    // Starts the process; its port once it is ready, 0 if it failed.
    quint16 launch() {
        start();
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return m_started; });
        return m_port;
    }
    qint64 pid() const { return m_pid; }

protected:
    void run() override {
        QProcess proc;
        proc.start(m_bin, {QStringLiteral("db"), QStringLiteral("--config"), m_config});
        quint16 port = 0;
        if (proc.waitForStarted(5000) && proc.waitForReadyRead(10000)) {
            const QJsonObject ready = QJsonDocument::fromJson(proc.readLine()).object();
            port = quint16(ready.value(QLatin1String("details"))
                               .toObject()
                               .value(QLatin1String("port"))
                               .toInt());
        }
        QObject::connect(&proc, &QProcess::readyReadStandardOutput, &proc,
                         [&proc] { proc.readAllStandardOutput(); });
        proc.readAllStandardOutput();
        {
            std::lock_guard lock(m_mutex);
            m_port = port;
            m_pid = proc.processId();
            m_started = true;
        }
        m_cv.notify_all();
        if (port != 0)
            exec();
        proc.kill();
        proc.waitForFinished(3000);
    }

private:
    QString m_bin, m_config;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_started = false;
    quint16 m_port = 0;
    std::atomic<qint64> m_pid{0};
};

class OurPair {
public:
    explicit OurPair(bool semisync)
        : m_semisync(semisync) {}
    bool start() {
        const QString bin =
            QDir(qEnvironmentVariable("INFRASTAGE_BIN_DIR", QCoreApplication::applicationDirPath()))
                .filePath(QStringLiteral("infrastage-node"));
        QJsonObject p{{QStringLiteral("node"), QStringLiteral("db1")},
                      {QStringLiteral("role"), QStringLiteral("primary")},
                      {QStringLiteral("server_id"), 1},
                      {QStringLiteral("data_dir"), m_dir.filePath(QStringLiteral("db1"))},
                      {QStringLiteral("replication"),
                       m_semisync ? QStringLiteral("semisync") : QStringLiteral("async")},
                      {QStringLiteral("semisync_timeout"), 10000},
                      {QStringLiteral("listen"),
                       QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                   {QStringLiteral("port"), 0}}}};
        if (!launch(m_primary, bin, p, &m_pPort))
            return false;
        QJsonObject r = p;
        r[QStringLiteral("node")] = QStringLiteral("db2");
        r[QStringLiteral("role")] = QStringLiteral("replica");
        r[QStringLiteral("server_id")] = 2;
        r[QStringLiteral("data_dir")] = m_dir.filePath(QStringLiteral("db2"));
        r[QStringLiteral("primary")] =
            QJsonObject{{QStringLiteral("id"), QStringLiteral("db1")},
                        {QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                        {QStringLiteral("port"), m_pPort}};
        if (!launch(m_replica, bin, r, &m_rPort))
            return false;
        const QString local = QStringLiteral("127.0.0.1");
        return m_client.connectToServer(local, m_pPort) &&
               m_replicaClient.connectToServer(local, m_rPort) &&
               m_client.query(QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")).ok;
    }
    // One connection, blocking, as libmariadb's mysql_real_query on the MariaDB side.
    bool write(int i) {
        return m_client
            .query(QStringLiteral("INSERT INTO t(v) VALUES (?1)"),
                   QCborArray{QStringLiteral("row %1").arg(i)})
            .ok;
    }
    QList<qint64> pids() const { return {m_primary->pid(), m_replica->pid()}; }
    // kConnections asynchronous clients on this thread's event loop, each with one write in
    // flight at a time, for `seconds` (MariaDB's side: a thread per connection).
    qint64 concurrent(int seconds) {
        std::vector<std::unique_ptr<DbClient>> clients;
        for (int i = 0; i < kConnections; ++i) {
            clients.push_back(std::make_unique<DbClient>());
            clients.back()->connectToServer(QStringLiteral("127.0.0.1"), m_pPort);
            if (!clients.back()->waitForConnected(5000))
                return 0;
        }
        QElapsedTimer t;
        t.start();
        qint64 done = 0;
        int open = kConnections;
        QEventLoop loop;
        std::function<void(DbClient *, int)> next = [&](DbClient *c, int i) {
            if (t.elapsed() >= seconds * 1000) {
                if (--open == 0)
                    loop.quit();
                return;
            }
            c->query(QStringLiteral("INSERT INTO t(v) VALUES (?1)"),
                     QCborArray{QStringLiteral("row %1").arg(i)}, [&, c, i](const DbResult &r) {
                         done += r.ok ? 1 : 0;
                         next(c, i + kConnections);
                     });
        };
        for (int i = 0; i < kConnections; ++i)
            next(clients.at(size_t(i)).get(), 2000000 + i);
        loop.exec();
        return done;
    }
    qsizetype sampleCount() { return samples().size(); }
    // Lag to the replica's commit, or with `rows` to its rows written before the commit.
    std::vector<double> lagMs(qsizetype from, bool rows = false) {
        std::vector<double> out;
        const QCborArray a = samples(rows);
        for (qsizetype i = from; i < a.size(); ++i)
            out.push_back(double(a.at(i).toInteger()) / 1000.0);
        return out;
    }
    void waitCaughtUp() {
        const qint64 target = seq(m_client);
        for (int i = 0; i < 1000 && seq(m_replicaClient) < target; ++i)
            QThread::msleep(10);
    }

private:
    QCborArray samples(bool rows = false) {
        return m_replicaClient
            .request(QCborMap{{QStringLiteral("op"), QStringLiteral("status")},
                              {QStringLiteral("lag_samples"), true}})
            .raw()
            .value(rows ? QLatin1String("row_lag_samples_us") : QLatin1String("lag_samples_us"))
            .toArray();
    }
    static qint64 seq(DbBlockingClient &c) {
        return c.request(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}})
            .raw()
            .value(QLatin1String("seq"))
            .toInteger();
    }
    bool launch(std::unique_ptr<NodeThread> &node, const QString &bin, const QJsonObject &cfg,
                quint16 *port) {
        QFile f(
            m_dir.filePath(cfg.value(QLatin1String("node")).toString() + QStringLiteral(".json")));
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(QJsonDocument(cfg).toJson());
        f.close();
        node = std::make_unique<NodeThread>(bin, f.fileName());
        *port = node->launch();
        return *port != 0;
    }
    bool m_semisync;
    QTemporaryDir m_dir;
    // Declared before the clients: the nodes outlive every connection to them.
    std::unique_ptr<NodeThread> m_primary, m_replica;
    quint16 m_pPort = 0, m_rPort = 0;
    DbBlockingClient m_client, m_replicaClient;
};

Figures runOurs(bool semisync, int seconds, bool rateOnly) {
    Figures f;
    {
        OurPair pair(semisync);
        if (!pair.start()) {
            std::fprintf(stderr, "infrastage: could not start the db pair\n");
            return f;
        }
        if (rateOnly) { // --rate-only: the single-connection write rate alone (A/B runs)
            const Rate one = rateAndCpu(pair.pids(), seconds, [&](int s) {
                return backToBack(s, [&](int i) { pair.write(1000000 + i); });
            });
            setRates(&f, one, Rate{});
            return f;
        }
        const qsizetype before = pair.sampleCount();
        paced(seconds * 1000, [&](int i) { pair.write(i); });
        pair.waitCaughtUp();
        const std::vector<double> lag = pair.lagMs(before);
        f.samples = qint64(lag.size());
        f.p50 = pct(lag, 0.50);
        f.p99 = pct(lag, 0.99);
        const std::vector<double> rowLag = pair.lagMs(before, true);
        if (!rowLag.empty()) {
            f.rowP50 = pct(rowLag, 0.50);
            f.rowP99 = pct(rowLag, 0.99);
        }
        dumpLag("infrastage", semisync, lag);
        if (lagOnly)
            return f;
        const Rate one = rateAndCpu(pair.pids(), seconds, [&](int s) {
            return backToBack(s, [&](int i) { pair.write(1000000 + i); });
        });
        setRates(&f, one,
                 rateAndCpu(pair.pids(), seconds, [&](int s) { return pair.concurrent(s); }));
    }
    return f;
}

#ifdef HAVE_MARIADB
MYSQL *connectMaria(quint16 port) {
    MYSQL *m = mysql_init(nullptr);
    if (!mysql_real_connect(m, "127.0.0.1", "bench", "bench", nullptr, port, nullptr, 0)) {
        std::fprintf(stderr, "mariadb: %s\n", mysql_error(m));
        return nullptr;
    }
    return m;
}

bool sql(MYSQL *m, const char *q) {
    if (mysql_query(m, q) != 0) {
        std::fprintf(stderr, "mariadb: %s: %s\n", q, mysql_error(m));
        return false;
    }
    if (MYSQL_RES *r = mysql_store_result(m))
        mysql_free_result(r);
    return true;
}

// kConnections threads, each with a connection of its own, INSERTs back to back for `seconds`.
qint64 concurrentMaria(quint16 port, int seconds) {
    std::atomic<qint64> done{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kConnections; ++k) {
        threads.emplace_back([&, k] {
            mysql_thread_init();
            if (MYSQL *m = connectMaria(port)) {
                QElapsedTimer t;
                t.start();
                for (int i = 0; t.elapsed() < seconds * 1000; ++i) {
                    const QByteArray q = "INSERT INTO bench.t(v, t_primary) VALUES ('c" +
                                         QByteArray::number(k) + " " + QByteArray::number(i) +
                                         "', UNIX_TIMESTAMP(SYSDATE(6)) * 1000000)";
                    if (mysql_real_query(m, q.constData(), q.size()) == 0)
                        ++done;
                }
                mysql_close(m);
            }
            mysql_thread_end();
        });
    }
    for (std::thread &t : threads)
        t.join();
    return done.load();
}

Figures runMaria(quint16 primaryPort, quint16 replicaPort, const QList<qint64> &pids, bool semisync,
                 int seconds) {
    Figures f;
    MYSQL *p = connectMaria(primaryPort);
    MYSQL *r = connectMaria(replicaPort);
    if (!p || !r)
        return f;
    sql(p, semisync ? "SET GLOBAL rpl_semi_sync_master_enabled = ON"
                    : "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
    sql(p, "SET GLOBAL rpl_semi_sync_master_timeout = 10000");
    // Start from a replica that has caught up with everything before (the previous run).
    for (int i = 0; i < 600; ++i) {
        QByteArray ppos, rpos;
        if (mysql_query(p, "SELECT @@gtid_binlog_pos") == 0) {
            MYSQL_RES *res = mysql_store_result(p);
            if (MYSQL_ROW row = mysql_fetch_row(res))
                ppos = row[0] ? row[0] : "";
            mysql_free_result(res);
        }
        if (mysql_query(r, "SELECT @@gtid_slave_pos") == 0) {
            MYSQL_RES *res = mysql_store_result(r);
            if (MYSQL_ROW row = mysql_fetch_row(res))
                rpos = row[0] ? row[0] : "";
            mysql_free_result(res);
        }
        if (ppos == rpos)
            break;
        QThread::msleep(100);
    }
    sql(r, "STOP SLAVE");
    sql(r, semisync ? "SET GLOBAL rpl_semi_sync_slave_enabled = ON"
                    : "SET GLOBAL rpl_semi_sync_slave_enabled = OFF");
    sql(r, "START SLAVE");
    QThread::msleep(500);
    sql(p, "DROP TABLE IF EXISTS bench.t");
    sql(p, "CREATE TABLE bench.t(id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64), t_primary "
           "BIGINT, t_applied BIGINT) ENGINE=InnoDB");
    for (int i = 0; i < 200; ++i) { // the replica creates the table too
        if (mysql_query(r, "SELECT 1 FROM bench.t LIMIT 1") == 0) {
            mysql_free_result(mysql_store_result(r));
            break;
        }
        QThread::msleep(50);
    }
    sql(r, "SET SESSION sql_log_bin = 0");
    sql(r, "DROP TRIGGER IF EXISTS bench.applied");
    sql(r, "CREATE TRIGGER bench.applied BEFORE INSERT ON bench.t FOR EACH ROW SET NEW.t_applied = "
           "UNIX_TIMESTAMP(SYSDATE(6)) * 1000000");
    auto write = [p](int i) {
        const QByteArray q = "INSERT INTO bench.t(v, t_primary) VALUES ('row " +
                             QByteArray::number(i) + "', UNIX_TIMESTAMP(SYSDATE(6)) * 1000000)";
        mysql_real_query(p, q.constData(), q.size());
    };
    paced(seconds * 1000, write);
    QThread::msleep(1000);
    std::vector<double> lag;
    if (mysql_query(r, "SELECT t_applied - t_primary FROM bench.t") == 0) {
        MYSQL_RES *res = mysql_store_result(r);
        while (MYSQL_ROW row = mysql_fetch_row(res)) {
            if (row[0])
                lag.push_back(atof(row[0]) / 1000.0);
        }
        mysql_free_result(res);
    }
    f.samples = qint64(lag.size());
    f.p50 = pct(lag, 0.50);
    f.p99 = pct(lag, 0.99);
    dumpLag("mariadb", semisync, lag);
    if (lagOnly)
        return f;
    const Rate one = rateAndCpu(
        pids, seconds, [&](int s) { return backToBack(s, [&](int i) { write(1000000 + i); }); });
    setRates(&f, one,
             rateAndCpu(pids, seconds, [&](int s) { return concurrentMaria(primaryPort, s); }));
    mysql_close(p);
    mysql_close(r);
    return f;
}
#endif

void print(const char *engine, const char *mode, const Figures &f) {
    std::printf("%-10s %-8s lag p50 %6.3f ms p99 %7.3f ms (%lld)  1 conn %6.0f/s %5.1f us CPU "
                "(replica %5.1f, client %5.1f)  %d conns %6.0f/s %5.1f us CPU (replica %5.1f)\n",
                engine, mode, f.p50, f.p99, f.samples, f.rate, f.cpuUs, f.replicaUs, f.clientUs,
                kConnections, f.rate16, f.cpuUs16, f.replicaUs16);
    if (f.rowP50 >= 0)
        std::printf("%-10s %-8s lag to the replica's rows written, before its commit (where "
                    "MariaDB's trigger reads its clock): p50 %6.3f ms p99 %7.3f ms\n",
                    engine, mode, f.rowP50, f.rowP99);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int seconds = 5;
    quint16 mp = 0, mr = 0;
    QList<qint64> mariaPids;
    bool rateOnly = false;
    QString onlyMode;
    rateOnly = args.contains(QLatin1String("--rate-only"));
    lagOnly = args.contains(QLatin1String("--lag-only"));
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--mode"))
            onlyMode = args.at(++i);
        else if (args.at(i) == QLatin1String("--lag-dump"))
            lagDumpDir = args.at(++i);
        else if (args.at(i) == QLatin1String("--seconds"))
            seconds = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--mariadb-primary"))
            mp = quint16(args.at(++i).toUInt());
        else if (args.at(i) == QLatin1String("--mariadb-replica"))
            mr = quint16(args.at(++i).toUInt());
        else if (args.at(i) == QLatin1String("--mariadb-pids")) {
            for (const QString &pid : args.at(++i).split(QLatin1Char(',')))
                mariaPids.append(pid.toLongLong());
        }
    }
    for (bool semisync : {false, true}) {
        const char *mode = semisync ? "semisync" : "async";
        if (!onlyMode.isEmpty() && onlyMode != QLatin1String(mode))
            continue;
        print("infrastage", mode, runOurs(semisync, seconds, rateOnly));
#ifdef HAVE_MARIADB
        if (mp && mr)
            print("mariadb", mode, runMaria(mp, mr, mariaPids, semisync, seconds));
#else
        Q_UNUSED(mp);
        Q_UNUSED(mr);
        Q_UNUSED(mariaPids);
#endif
    }
    return 0;
}
