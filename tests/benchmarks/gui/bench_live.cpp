// bench_live: the designer's live view under load, measured inside the GUI process (issue 10,
// section 9). Not a test: it prints figures (docs/benchmarks.md, "The live view under load").
//   QT_QPA_PLATFORM=offscreen build/ci/bin/bench_live [SECONDS=300] [RATE=2000] [CONNECTIONS=32]
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/ci/bin/bench_live 300 2000
// It opens the reference design in a 1600x1000 window, presses Run, sends one request as soon
// as every node is up (Run -> running -> first token on the canvas), then starts the Metrics
// dock's load at RATE requests/s for SECONDS and measures, on the GUI thread:
//  - frame time: how long each paint of the canvas takes, and the interval between frames;
//  - the longest the GUI thread was blocked: a 5 ms precise heartbeat timer's lateness;
//  - RSS of the process every 10 s (flat is the goal);
// and at the end the events lost: drop markers in the run's recording (events.sqlite) and in
// the stream the designer received.
#include "canvas/diagramview.h"
#include "document/document.h"
#include "events/eventkind.h"
#include "io/topologyfile.h"
#include "live/livecanvas.h"
#include "live/livedocks.h"
#include "live/livesession.h"
#include "live/runcontroller.h"
#include "live/walkthroughplayer.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <sqlite3.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeState;

namespace {

QTextStream out(stdout);

double percentile(QList<double> v, double p) {
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

QString stats(const QList<double> &v) {
    const double mean = v.isEmpty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
    return QStringLiteral("n %1, mean %2 ms, p50 %3, p99 %4, max %5 ms")
        .arg(v.size())
        .arg(mean, 0, 'f', 2)
        .arg(percentile(v, 0.5), 0, 'f', 2)
        .arg(percentile(v, 0.99), 0, 'f', 2)
        .arg(v.isEmpty() ? 0 : *std::max_element(v.begin(), v.end()), 0, 'f', 2);
}

double rssMb() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// CPU seconds used so far by each thread of this process, by thread name (GUI thread: the
// process's name), from /proc/self/task/*/stat.
QMap<QString, double> threadCpu() {
    QMap<QString, double> cpu;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &t : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(t) + QStringLiteral("/stat"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = f.readAll();
        const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (open < 0 || close < open || fields.size() < 13)
            continue; // utime and stime are fields 14 and 15: 12 and 13 after the name
        const QString name = t == QString::number(QCoreApplication::applicationPid())
                                 ? QStringLiteral("GUI thread")
                                 : QString::fromLatin1(line.mid(open + 1, close - open - 1));
        cpu[name] += (fields.at(11).toDouble() + fields.at(12).toDouble()) / tick;
    }
    return cpu;
}

// Where the memory is, so that RSS growth can be told apart: the allocator's bytes in use
// (all arenas, mmapped blocks included), the free bytes it keeps in its arenas (fragmentation
// when that grows), and SQLite's own (the recorder's page cache).
QString heapFigures() {
    const struct mallinfo2 m = ::mallinfo2();
    return QStringLiteral("heap in use %1 MB, free in arenas %2 MB, SQLite %3 MB")
        .arg(double(m.uordblks + m.hblkhd) / 1048576.0, 0, 'f', 1)
        .arg(double(m.fordblks) / 1048576.0, 0, 'f', 1)
        .arg(double(sqlite3_memory_used()) / 1048576.0, 0, 'f', 1);
}

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().left(14)) : QString();
}

// Times every paint of a widget (the canvas's viewport): the filter delivers the paint itself.
class PaintTimer final : public QObject {
public:
    QList<double> paintMs, intervalMs;
    bool recording = false;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() != QEvent::Paint || m_inside)
            return false;
        m_inside = true;
        QElapsedTimer t;
        t.start();
        QCoreApplication::sendEvent(watched, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        m_inside = false;
        if (recording) {
            paintMs << ms;
            if (m_last.isValid())
                intervalMs << double(m_last.nsecsElapsed()) / 1e6;
            m_last.start();
        }
        return true;
    }

private:
    bool m_inside = false;
    QElapsedTimer m_last;
};

// What the recording says was dropped: drop markers and the events they stand for.
QString recordingLosses(const QString &path, qint64 *rows) {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return QStringLiteral("cannot open %1").arg(path);
    }
    auto count = [db](const char *sql) {
        sqlite3_stmt *st = nullptr;
        qint64 n = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return n;
    };
    *rows = count("SELECT count(*) FROM run_events");
    const qint64 markers = count("SELECT count(*) FROM run_events WHERE kind IN "
                                 "('events.dropped', 'runtime.events_dropped')");
    const qint64 dropped =
        count("SELECT coalesce(sum(coalesce(json_extract(details, '$.dropped'), "
              "json_extract(details, '$.events'), 0)), 0) FROM run_events WHERE kind IN "
              "('events.dropped', 'runtime.events_dropped')");
    sqlite3_close(db);
    return QStringLiteral("%1 drop markers, %2 events dropped").arg(markers).arg(dropped);
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("InfrastageBench"));
    const QStringList args = app.arguments();
    const int seconds = args.size() > 1 ? args.at(1).toInt() : 300;
    const double rate = args.size() > 2 ? args.at(2).toDouble() : 2000;
    const int connections = args.size() > 3 ? args.at(3).toInt() : 32;

    MainWindow w;
    w.resize(1600, 1000);
    TopologyData design;
    QString error;
    if (!TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"), &design,
            &error)) {
        out << "cannot load the reference design: " << error << Qt::endl;
        return 2;
    }
    w.document()->reset(design);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        out << "(the window was not exposed: " << QGuiApplication::platformName() << ")"
            << Qt::endl;
    QTest::qWait(300);
    out << "platform " << QGuiApplication::platformName() << ", window 1600x1000, " << seconds
        << " s at " << rate << " requests/s over " << connections << " connections" << Qt::endl;

    auto *paints = new PaintTimer;
    w.view()->viewport()->installEventFilter(paints);
    // The heartbeat: a 5 ms precise timer; its lateness is how long the GUI thread was busy.
    QList<double> lateMs;
    QElapsedTimer beat;
    bool beating = false;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        if (beating && beat.isValid())
            lateMs << std::max(0.0, double(beat.nsecsElapsed()) / 1e6 - 5.0);
        beat.start();
    });
    heartbeat.start();

    LiveSession *session = w.runner()->session();
    qint64 designerDropped = 0, streamed = 0;
    QObject::connect(session, &LiveSession::eventsArrived,
                     [&](const QList<runtime::RuntimeEvent> &events) {
                         streamed += events.size();
                         for (const runtime::RuntimeEvent &e : events)
                             if (e.kind == EventKind::DesignerEventsDropped)
                                 designerDropped += e.details.value("dropped").toInteger();
                     });
    double lastRate = 0, lastP99 = 0;
    qint64 loadTotal = 0, loadErrors = 0;
    QObject::connect(session, &LiveSession::loadSnapshot, [&](const runtime::MetricSnapshot &s) {
        lastRate = s.requestsPerSecond;
        lastP99 = s.p99Ms;
        loadTotal = s.totalRequests;
        loadErrors = s.totalErrors;
    });

    // 1. Run -> every node up -> the first token of a request on the canvas.
    QElapsedTimer run;
    qint64 runningMs = -1, tokenMs = -1;
    QObject::connect(session, &LiveSession::stateChanged, [&](RuntimeState s) {
        if (s != RuntimeState::Running || runningMs >= 0)
            return;
        runningMs = run.elapsed();
        LiveDocks *docks = w.liveDocks();
        docks->sendRequest(docks->presets().first());
    });
    QObject::connect(w.liveDocks()->player(), &WalkthroughPlayer::stepShown, [&] {
        if (tokenMs < 0)
            tokenMs = run.elapsed();
    });
    run.start();
    w.action(QStringLiteral("run"))->trigger();
    if (!QTest::qWaitFor([&] { return tokenMs >= 0; }, 30000)) {
        out << "the design did not run: " << (runningMs < 0 ? "not running" : "no token")
            << Qt::endl;
        return 1;
    }
    out << "Run -> every node up: " << runningMs << " ms (the runtime says " << session->readyMs()
        << " ms); Run -> first token on the canvas: " << tokenMs << " ms" << Qt::endl;
    QTest::qWait(1500);

    // 2. The load, measured after a warm-up of 5 s.
    runtime::LoadSpec spec;
    spec.url = QStringLiteral("http://www.foobar.com/");
    spec.requests = 0;
    spec.rate = rate;
    spec.concurrency = connections;
    spec.snapshotMs = 1000;
    session->startLoad(spec);
    QTest::qWait(5000);
    paints->recording = true;
    beating = true;
    const QMap<QString, double> cpuStart = threadCpu();
    const qint64 streamedAtStart = streamed;
    const QString loadStart = loadAverage();
    const double rssStart = rssMb();
    double rssMax = rssStart;
    QElapsedTimer clock;
    clock.start();
    int nextReport = 10;
    while (clock.elapsed() < qint64(seconds) * 1000) {
        QTest::qWait(200);
        const int s = int(clock.elapsed() / 1000);
        if (s >= nextReport) {
            nextReport += 10;
            const double rss = rssMb();
            rssMax = std::max(rssMax, rss);
            out << QStringLiteral("t=%1 s: %2 requests/s (p99 %3 ms), RSS %4 MB, %5 frames, "
                                  "%6 particles, heartbeat max late %7 ms; %8")
                       .arg(s, 3)
                       .arg(lastRate, 0, 'f', 0)
                       .arg(lastP99, 0, 'f', 1)
                       .arg(rss, 0, 'f', 1)
                       .arg(paints->paintMs.size())
                       .arg(w.runner()->canvas()->particles())
                       .arg(lateMs.isEmpty() ? 0 : *std::max_element(lateMs.begin(), lateMs.end()),
                            0, 'f', 1)
                       .arg(heapFigures())
                << Qt::endl;
        }
    }
    paints->recording = false;
    beating = false;
    const double wall = double(clock.elapsed()) / 1000.0;
    const QMap<QString, double> cpuEnd = threadCpu();
    const qint64 streamedAtEnd = streamed;
    const double rssEnd = rssMb();
    session->stopLoad();
    if (!QTest::qWaitFor([&] { return !session->isLoadRunning(); }, 20000))
        out << "(the load did not end within 20 s)" << Qt::endl;

    out << "\nUnder load (" << seconds << " s, last snapshot " << lastRate << " requests/s, "
        << loadTotal << " requests, " << loadErrors << " errors):" << Qt::endl;
    out << "  paint of the canvas: " << stats(paints->paintMs) << Qt::endl;
    out << "  interval between frames: " << stats(paints->intervalMs) << Qt::endl;
    out << "  GUI thread blocked (5 ms heartbeat lateness): " << stats(lateMs) << "; "
        << std::count_if(lateMs.begin(), lateMs.end(), [](double ms) { return ms > 50; })
        << " times over 50 ms" << Qt::endl;
    out << "  CPU of this process's threads, % of one core (load average " << loadStart.trimmed()
        << " at the start, " << loadAverage().trimmed() << " at the end):";
    for (auto it = cpuEnd.cbegin(); it != cpuEnd.cend(); ++it) {
        const double share = 100.0 * (it.value() - cpuStart.value(it.key())) / wall;
        if (share >= 0.5)
            out << QStringLiteral(" %1 %2").arg(it.key()).arg(share, 0, 'f', 1);
    }
    out << Qt::endl;
    // What the GUI thread spends per event, paint included: a figure the machine's load does
    // not change (CPU time, not wall time).
    const double guiCpu =
        cpuEnd.value(QStringLiteral("GUI thread")) - cpuStart.value(QStringLiteral("GUI thread"));
    const qint64 measuredEvents = streamedAtEnd - streamedAtStart;
    out << QStringLiteral("  GUI thread CPU per event received: %1 us (%2 events in the window)")
               .arg(measuredEvents > 0 ? guiCpu * 1e6 / double(measuredEvents) : 0, 0, 'f', 2)
               .arg(measuredEvents)
        << Qt::endl;
    out << QStringLiteral("  RSS: %1 MB after the warm-up, %2 MB at the end, %3 MB at most; %4")
               .arg(rssStart, 0, 'f', 1)
               .arg(rssEnd, 0, 'f', 1)
               .arg(rssMax, 0, 'f', 1)
               .arg(heapFigures())
        << Qt::endl;

    const QString runDir = session->runDirectory();
    w.action(QStringLiteral("stop"))->trigger();
    if (!QTest::qWaitFor([&] { return session->state() == RuntimeState::Stopped; }, 30000))
        out << "(the design did not stop within 30 s)" << Qt::endl;
    qint64 rows = 0;
    out << "  events the designer received: " << streamed
        << ", dropped on the way to it: " << designerDropped << Qt::endl;
    out << "  the recording (" << runDir
        << "/events.sqlite): " << recordingLosses(runDir + QStringLiteral("/events.sqlite"), &rows)
        << ", " << rows << " events recorded" << Qt::endl;
    return 0;
}
