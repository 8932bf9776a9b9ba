// Replay of a 100,000-event recording (issue 10, section 9: "opens in under 1 s and scrubs
// without stalls"). Prints figures; not a test. docs/benchmarks.md has the command and results.
//
// The recording is made for real: the reference design runs headless through the DesignGateway
// with detail on (as the designer runs it), one walkthrough request is sent, a load runs until
// the recorder holds the wanted number of events, a link is cut half way, then everything stops.
// The run's events become a recording of a project file exactly as the designer saves one.
// Then, in a designer window (offscreen):
//   open   — Recordings ▸ Replay until the first frame is on the canvas (events read from
//            SQLite and the timeline built off the GUI thread), 5 times;
//   scrub  — 300 jumps to random moments, then a drag from start to end in 300 steps: the
//            time each takes on the GUI thread (canvas, event log, faults, player);
//   play   — frames at 10× speed: the GUI thread's time per frame.
#include "document/document.h"
#include "gateway/designgateway.h"
#include "io/jsonformat.h"
#include "io/projectfile.h"
#include "io/projectrecordings.h"
#include "io/topologyfile.h"
#include "mainwindow.h"
#include "recorder.h"
#include "replay/replaycontroller.h"
#include "replay/replaydocks.h"
#include "replay/replayloader.h"
#include "replay/topologyhash.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace infrastage;
using namespace infrastage::gui;

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Stats {
    double mean = 0, p95 = 0, max = 0;
};

Stats stats(QList<double> v) {
    Stats s;
    if (v.isEmpty())
        return s;
    std::sort(v.begin(), v.end());
    for (double x : v)
        s.mean += x / double(v.size());
    s.p95 = v.at(qMin(v.size() - 1, qsizetype(double(v.size()) * 0.95)));
    s.max = v.last();
    return s;
}

void print(const char *what, const Stats &s) {
    std::printf("%-44s mean %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, s.mean, s.p95, s.max);
}

// Runs the reference design until its recording holds `wanted` events; the project path.
QString record(const QString &dir, qint64 wanted, const TopologyData &design) {
    runtime::DesignGateway gateway;
    runtime::Orchestrator::Options options = gateway.options();
    options.detail = true;
    options.runDirectory = dir + QStringLiteral("/run");
    gateway.setOptions(options);
    QString error;
    if (!gateway.start(design, &error))
        qFatal("cannot start: %s", qPrintable(error));
    if (!QTest::qWaitFor([&] { return gateway.state() == runtime::RuntimeState::Running; }, 30000))
        qFatal("the design did not start: %s", qPrintable(gateway.failureReason()));
    QSignalSpy done(&gateway, &runtime::DesignGateway::requestFinished);
    runtime::RequestSpec request;
    request.url = QStringLiteral("http://www.foobar.com/api/guestbook");
    gateway.sendRequest(request, &error);
    done.wait(20000);
    runtime::LoadSpec load;
    load.requests = 0;
    load.concurrency = 8;
    load.rate = 1500;
    if (!gateway.startLoad(load, &error))
        qFatal("cannot load: %s", qPrintable(error));
    bool cut = false;
    QElapsedTimer clock;
    clock.start();
    while (gateway.recorder()->recorded() + 2000 < wanted && clock.elapsed() < 300000) {
        QTest::qWait(100);
        gateway.recorder()->flush();
        if (!cut && gateway.recorder()->recorded() > wanted / 2) {
            runtime::Fault f;
            f.kind = runtime::FaultKind::Cut;
            f.node = QStringLiteral("server-2-web");
            f.peer = QStringLiteral("server-2-app");
            cut = gateway.inject(f, &error);
        }
    }
    gateway.stopLoad();
    QTest::qWait(500);
    gateway.stop();
    if (!QTest::qWaitFor([&] { return gateway.state() == runtime::RuntimeState::Stopped; }, 30000))
        qFatal("the design did not stop");
    const double seconds = clock.elapsed() / 1000.0;

    RecordingInfo info;
    if (!ProjectRecordings::describeRun(options.runDirectory + QStringLiteral("/events.sqlite"), 0,
                                        &info, &error))
        qFatal("%s", qPrintable(error));
    info.name = QStringLiteral("Load with a cut link");
    info.createdAt = QStringLiteral("2026-12-02T00:00:00Z");
    info.topology = JsonFormat::write(design);
    info.topologyHash = topologyHash(design);
    ProjectFile::SavedRecordings keep;
    keep.keep = {info};
    const QString project = dir + QStringLiteral("/recorded.infrastage");
    if (!ProjectFile::save(project, design, &error, &keep) || keep.saved.isEmpty())
        qFatal("cannot save: %s %s", qPrintable(error), qPrintable(keep.warnings.join(';')));
    std::printf("recorded %lld events in %.1f s of load (%.1f s of recording), project file "
                "%.1f MB\n",
                static_cast<long long>(info.events), seconds, info.seconds(),
                double(QFileInfo(project).size()) / 1e6);
    return project;
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const qint64 wanted = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100000;
    QTemporaryDir dir;
    TopologyData design;
    QString error;
    if (!TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"), &design,
            &error))
        qFatal("%s", qPrintable(error));
    const QString project = record(dir.path(), wanted, design);

    MainWindow w;
    w.resize(1440, 900);
    w.show();
    if (!w.document()->load(project, &error))
        qFatal("%s", qPrintable(error));
    ReplayController *replay = w.replayDocks()->controller();

    QList<double> read, readCpu, open;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        auto timeline = ReplayLoader::read(w.document()->recordings().first(), &error);
        read << double(t.nsecsElapsed()) / 1e6;
        readCpu << threadCpuMs() - cpu0;
        if (!timeline)
            qFatal("%s", qPrintable(error));
        replay->close();
        QSignalSpy opened(replay, &ReplayController::opened);
        t.restart();
        w.replayDocks()->replay(0);
        if (!opened.wait(30000))
            qFatal("the replay did not open");
        QApplication::processEvents();
        open << double(t.nsecsElapsed()) / 1e6;
    }
    const ReplayTimeline *t = replay->timeline();
    std::printf("timeline: %zu events, %.1f s, %d snapshots, %lld requests, %lld faults\n",
                t->events().size(), double(t->durationNs()) / 1e9, t->keyframes(),
                static_cast<long long>(t->requests().size()),
                static_cast<long long>(t->faultEvents().size()));
    print("read + build timeline: wall", stats(read));
    print("read + build timeline: CPU of the thread", stats(readCpu));
    print("open: Replay to first frame (wall)", stats(open));

    auto timed = [&](const std::function<void()> &f) {
        QElapsedTimer c;
        c.start();
        f();
        QApplication::processEvents(); // the repaint the move caused
        return double(c.nsecsElapsed()) / 1e6;
    };
    QList<double> jumps, drag, frames;
    QRandomGenerator rng(42);
    for (int i = 0; i < 300; ++i) {
        const qint64 to = qint64(rng.generateDouble() * double(replay->duration()));
        jumps << timed([&] { replay->seek(to); });
    }
    for (int i = 0; i <= 300; ++i)
        drag << timed([&] { replay->seek(replay->duration() * i / 300); });
    replay->seek(0);
    replay->setSpeed(10);
    replay->play();
    QElapsedTimer wall;
    wall.start();
    qint64 last = 0;
    while (replay->isPlaying() && wall.elapsed() < 20000) {
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (replay->position() != last) {
            last = replay->position();
            frames << 0; // counted below
        }
    }
    // The GUI thread's cost of a frame, measured directly: 10x speed is 330 ms of recording.
    replay->pause();
    QList<double> frameCost;
    replay->seek(0);
    for (qint64 at = 0; at < replay->duration(); at += 330000000)
        frameCost << timed([&] { replay->seek(at); });
    print("scrub: jump to a random moment", stats(jumps));
    print("scrub: drag start to end, 300 steps", stats(drag));
    print("play at 10x: one frame (330 ms of recording)", stats(frameCost));
    std::printf("play at 10x: %lld frames shown in %.1f s\n", static_cast<long long>(frames.size()),
                wall.elapsed() / 1000.0);
    return 0;
}
