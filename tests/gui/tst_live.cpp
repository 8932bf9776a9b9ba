// The designer running a design: Run and Stop, the live look of nodes and links, faults from
// the context menu, edits refused while running, nothing left behind. Real processes.
#include "guitestsupport.h"

#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "events/eventkind.h"
#include "live/eventcategory.h"
#include "live/eventlogmodel.h"
#include "live/eventlogpanel.h"
#include "live/faultspanel.h"
#include "live/livecanvas.h"
#include "live/livedocks.h"
#include "live/livesession.h"
#include "live/metricspanel.h"
#include "live/presentermode.h"
#include "live/runcontroller.h"
#include "live/walkthroughplayer.h"
#include "mainwindow.h"

#include <QAction>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeState;

namespace {

// The processes this test process started that still run (the nodes of a run).
int childProcesses() {
    int count = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(task) + QStringLiteral("/children"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &pid : f.readAll().simplified().split(' '))
            count += !pid.isEmpty();
    }
    return count;
}

} // namespace

class TestLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testing::isolateSettings(); }
    void runThenStop();
    void closingWhileRunningLeavesNothing();
    void killFromContextMenuTurnsBackendDown();
    void designThatCannotRunSaysWhere();
    void sendRequestFollowsItsTrace();
    void presenterKeysStepTheWalkthrough();
    void loadDrawsTrafficAndMetrics();

private:
    static bool startRun(MainWindow &w);
};

bool TestLive::startRun(MainWindow &w) {
    w.action(QStringLiteral("run"))->trigger();
    return QTest::qWaitFor([&] { return w.runner()->session()->state() == RuntimeState::Running; },
                           20000);
}

void TestLive::runThenStop() {
    MainWindow w;
    w.document()->reset(testing::example("three-server"));
    QVERIFY(startRun(w));
    QCOMPARE(childProcesses(), 8);
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("runState"))->text().startsWith("Running"));
    LiveCanvas *live = w.runner()->canvas();
    for (const char *node : {"dns", "lb", "server-1-web", "server-2-app", "server-2-db"})
        QTRY_COMPARE(live->nodeTag(QString::fromLatin1(node)), QStringLiteral("UP"));
    QTRY_VERIFY(live->linkTag(QStringLiteral("lb-server-1")).startsWith(QStringLiteral("UP")));

    // Edits that change what runs are refused, with the reason.
    QString error;
    QVERIFY(w.editor()->addNode(NodeKind::Server, QPointF(0, 0), &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("running")), qPrintable(error));
    QVERIFY(!w.action(QStringLiteral("run"))->isEnabled());

    w.action(QStringLiteral("stop"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.runner()->session()->state(), RuntimeState::Stopped, 15000);
    QCOMPARE(childProcesses(), 0);
    QVERIFY(live->nodeTag(QStringLiteral("lb")).isEmpty());
    QVERIFY(!w.editor()->addNode(NodeKind::Server, QPointF(900, 900), &error).isEmpty());
}

void TestLive::closingWhileRunningLeavesNothing() {
    auto *w = new MainWindow;
    w->document()->reset(testing::example("three-server"));
    QVERIFY(startRun(*w));
    QVERIFY(childProcesses() > 0);
    QVERIFY(w->close());
    QCOMPARE(childProcesses(), 0);
    delete w;
}

// The failed checks in a row that preceded the first backend to turn DOWN in the event log.
static int failedChecksBeforeDown(MainWindow &w) {
    const EventLogModel *log = w.liveDocks()->eventLog()->model();
    QList<QJsonObject> checks;
    for (int row = 0; row < log->rowCount(); ++row) {
        const runtime::RuntimeEvent &e = log->event(row);
        const QJsonObject d = e.toJson().value(QStringLiteral("details")).toObject();
        if (e.kind == EventKind::LbCheck) {
            checks.append(d);
        } else if (e.kind == EventKind::LbHealth &&
                   d.value(QStringLiteral("to")).toString() == QStringLiteral("DOWN")) {
            int failed = 0;
            for (auto c = checks.crbegin(); c != checks.crend(); ++c) {
                if (c->value(QStringLiteral("server")) != d.value(QStringLiteral("server")))
                    continue;
                if (c->value(QStringLiteral("ok")).toBool())
                    break;
                ++failed;
            }
            return failed;
        }
    }
    return -1;
}

// Whether the event log has a passed health check of `server` by the load balancer.
static bool checkedOk(MainWindow &w, const QString &server) {
    const EventLogModel *log = w.liveDocks()->eventLog()->model();
    for (int row = 0; row < log->rowCount(); ++row) {
        const runtime::RuntimeEvent &e = log->event(row);
        const QJsonObject d = e.toJson().value(QStringLiteral("details")).toObject();
        if (e.kind == EventKind::LbCheck &&
            d.value(QStringLiteral("server")).toString() == server &&
            d.value(QStringLiteral("ok")).toBool())
            return true;
    }
    return false;
}

void TestLive::killFromContextMenuTurnsBackendDown() {
    MainWindow w;
    TopologyData design = testing::example("three-server");
    Node lb = *design.node(QStringLiteral("lb"));
    const int inter = 300, fall = 2;
    lb.properties.insert(QStringLiteral("check_inter"), inter);
    lb.properties.insert(QStringLiteral("check_fall"), fall);
    design.replaceNode(lb);
    w.document()->reset(design);
    QVERIFY(startRun(w));
    LiveCanvas *live = w.runner()->canvas();
    QTRY_VERIFY(live->linkTag(QStringLiteral("lb-server-1")).startsWith(QStringLiteral("UP")));
    // A server starts UP with the least health that is UP, as in HAProxy ("up, but will fall
    // down at first failure"): only after a passed check does it take `fall` failures to go.
    QTRY_VERIFY_WITH_TIMEOUT(checkedOk(w, QStringLiteral("server-1-web")), 15000);

    // Server 1's menu kills all its processes, as "kill Server 1" means.
    QMenu menu;
    w.runner()->fillContextMenu(&menu, QStringLiteral("server-1"), QString());
    QAction *kill = nullptr;
    for (QAction *a : menu.actions())
        if (a->text() == QStringLiteral("Kill"))
            kill = a;
    QVERIFY(kill && kill->isEnabled());
    kill->trigger();
    QTRY_COMPARE(live->nodeTag(QStringLiteral("server-1-web")), QStringLiteral("DOWN"));
    // The link turns DOWN, and the load balancer decided it the way HAProxy does: after
    // exactly `fall` failed checks in a row (the checks' own events, not the wall clock of a
    // test that a loaded machine stretches).
    QTRY_VERIFY_WITH_TIMEOUT(
        live->linkTag(QStringLiteral("lb-server-1")).startsWith(QStringLiteral("DOWN")), 15000);
    QCOMPARE(failedChecksBeforeDown(w), fall);
    QVERIFY(live->linkTag(QStringLiteral("lb-server-2")).startsWith(QStringLiteral("UP")));

    // The Faults dock lists what is in force and undoes it: Server 1 comes back.
    FaultsPanel *faults = w.liveDocks()->faults();
    QTRY_VERIFY(faults->active().contains(QStringLiteral("kill server-1-web")));
    QPushButton *undoAll = nullptr;
    for (QPushButton *b : faults->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Undo All"))
            undoAll = b;
    QVERIFY(undoAll && undoAll->isEnabled());
    undoAll->click();
    QTRY_COMPARE_WITH_TIMEOUT(live->nodeTag(QStringLiteral("server-1-web")), QStringLiteral("UP"),
                              15000);
    QTRY_VERIFY(faults->active().isEmpty());
    const bool backUp = QTest::qWaitFor(
        [&] {
            return live->linkTag(QStringLiteral("lb-server-1")).startsWith(QStringLiteral("UP"));
        },
        15000);
    if (!backUp) { // the load balancer's last checks of the server, and what the server did
        const EventLogModel *log = w.liveDocks()->eventLog()->model();
        for (int row = qMax(0, log->rowCount() - 400); row < log->rowCount(); ++row) {
            const runtime::RuntimeEvent &e = log->event(row);
            const QByteArray json = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
            if (json.contains("server-1-web") && !e.kind.startsWith(QLatin1String("http.")))
                qWarning("%s", json.constData());
        }
        qWarning("lb-server-1: %s", qPrintable(live->linkTag(QStringLiteral("lb-server-1"))));
    }
    QVERIFY(backUp);

    // A cut link says so on the canvas.
    QMenu linkMenu;
    w.runner()->fillContextMenu(&linkMenu, QString(), QStringLiteral("server-2-upstream"));
    QAction *cut = nullptr;
    for (QAction *a : linkMenu.actions())
        if (a->text() == QStringLiteral("Cut this link"))
            cut = a;
    QVERIFY(cut);
    cut->trigger();
    QTRY_VERIFY(live->linkTag(QStringLiteral("server-2-upstream")).startsWith("CUT"));
    QTRY_VERIFY(faults->active().contains(QStringLiteral("cut server-2-web <-> server-2-app")));
}

void TestLive::designThatCannotRunSaysWhere() {
    MainWindow w;
    TopologyData design = testing::example("three-server");
    Node app = *design.node(QStringLiteral("server-1-app"));
    app.properties.insert(QStringLiteral("port"), 80); // the web server's port on that host
    design.replaceNode(app);
    w.document()->reset(design);
    w.action(QStringLiteral("run"))->trigger();
    QCOMPARE(w.runner()->session()->state(), RuntimeState::Stopped);
    QCOMPARE(childProcesses(), 0);
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("runState"))->text().contains("Cannot run"));
    const QString tag = w.runner()->canvas()->nodeTag(QStringLiteral("server-1-app"));
    QVERIFY2(tag.startsWith(QStringLiteral("✖")) && tag.contains(QStringLiteral("80")),
             qPrintable(tag));
    // Fixing the design clears the marks.
    QVERIFY(
        w.editor()->setNodeProperty(QStringLiteral("server-1-app"), QStringLiteral("port"), 8000));
    QVERIFY(w.runner()->canvas()->nodeTag(QStringLiteral("server-1-app")).isEmpty());
}

void TestLive::sendRequestFollowsItsTrace() {
    MainWindow w;
    w.document()->reset(testing::example("three-server"));
    QVERIFY(startRun(w));
    LiveDocks *docks = w.liveDocks();
    QSignalSpy finished(w.runner()->session(), &LiveSession::requestFinished);
    docks->sendRequest(docks->presets().at(1)); // GET /api/guestbook
    QVERIFY(finished.wait(20000));
    WalkthroughPlayer *player = docks->player();
    QStringList captions;
    for (const runtime::WalkthroughStep &s : player->steps())
        captions << s.caption;
    const QString all = captions.join(QLatin1Char('\n'));
    // The backend the load balancer really chose, and the database that really answered.
    QRegularExpressionMatch chosen =
        QRegularExpression(QStringLiteral("server-(\\d)-web")).match(all);
    QVERIFY2(chosen.hasMatch(), qPrintable(all));
    const QString n = chosen.captured(1);
    QVERIFY2(all.contains(QStringLiteral("server-%1-db").arg(n)), qPrintable(all));

    // Stepping through moves the token across exactly the hops of the trace, in order.
    w.runner()->canvas()->hideToken();
    player->setCurrent(0);
    while (player->current() + 1 < player->steps().size())
        player->next();
    const QStringList path = w.runner()->canvas()->tokenPath();
    const QString shown = path.join(QLatin1Char(' '));
    const QStringList there = {QStringLiteral("internet"), QStringLiteral("lb-server-%1").arg(n),
                               QStringLiteral("server-%1-upstream").arg(n)};
    QVERIFY2(path.size() >= 4, qPrintable(shown));
    QCOMPARE(path.mid(0, 3), there);
    // ... then the database link of that server; the answer comes back over the same links
    // and never touches the other server.
    QVERIFY2(path.at(3).startsWith(QStringLiteral("server-%1-").arg(n)), qPrintable(shown));
    for (const QString &link : path)
        QVERIFY2(there.contains(link) || link.startsWith(QStringLiteral("server-%1-").arg(n)),
                 qPrintable(shown));
    QCOMPARE(path.count(QStringLiteral("internet")), 2);
    QVERIFY(!player->inspectorText().isEmpty());
    // The load balancer's forward: the request head as it left, as a person reads it.
    int forwards = 0;
    for (int i = 0; i < player->steps().size(); ++i) {
        if (player->steps().at(i).kind != EventKind::LbForward)
            continue;
        ++forwards;
        player->setCurrent(i);
        const QString hop = player->inspectorText();
        QVERIFY2(hop.contains(QStringLiteral("X-Forwarded-For: ")) &&
                     hop.contains(QStringLiteral("traceparent: 00-")),
                 qPrintable(hop));
        // The lb recorded the forward as it sent it: the time before it was the lb's own ...
        QVERIFY2(hop.contains(QStringLiteral("until lb sent it")), qPrintable(hop));
        // ... and the web server, which recorded the request as it arrived, names the wire.
        QVERIFY(i + 1 < player->steps().size());
        QCOMPARE(player->steps().at(i + 1).kind, QString(EventKind::WebRequest));
        player->setCurrent(i + 1);
        QVERIFY2(player->inspectorText().contains(QStringLiteral("on the wire from lb")),
                 qPrintable(player->inspectorText()));
    }
    QCOMPARE(forwards, 1);

    // The same request, picked from the event log, opens in the player.
    const QString trace = player->steps().constFirst().trace;
    EventLogPanel *log = docks->eventLog();
    log->setSearch(trace);
    QTRY_VERIFY(log->visibleRows() > 3);
    log->setCategory(int(EventCategory::Database));
    QTRY_VERIFY(log->visibleRows() >= 1);
}

void TestLive::presenterKeysStepTheWalkthrough() {
    MainWindow w;
    w.document()->reset(testing::example("three-server"));
    w.show();
    QVERIFY(startRun(w));
    QSignalSpy finished(w.runner()->session(), &LiveSession::requestFinished);
    w.liveDocks()->sendRequest(w.liveDocks()->presets().at(0));
    QVERIFY(finished.wait(20000));
    WalkthroughPlayer *player = w.liveDocks()->player();
    player->pause();
    player->setCurrent(0);
    w.presenter()->setOn(true);
    QVERIFY(w.presenter()->captionText().startsWith(QStringLiteral("1. ")));
    QTest::keyClick(w.view(), Qt::Key_Space);
    QCOMPARE(player->current(), 1);
    QTest::keyClick(w.view(), Qt::Key_Right);
    QCOMPARE(player->current(), 2);
    QTest::keyClick(w.view(), Qt::Key_Left);
    QCOMPARE(player->current(), 1);
    QTest::keyClick(w.view(), Qt::Key_Escape);
    QVERIFY(!w.presenter()->isOn());
}

void TestLive::loadDrawsTrafficAndMetrics() {
    MainWindow w;
    w.document()->reset(testing::example("three-server"));
    QVERIFY(startRun(w));
    QSignalSpy snapshots(w.runner()->session(), &LiveSession::loadSnapshot);
    runtime::LoadSpec spec;
    spec.url = QStringLiteral("http://www.foobar.com/");
    spec.requests = 0;
    spec.rate = 100;
    spec.concurrency = 4;
    w.runner()->session()->startLoad(spec);
    QVERIFY(snapshots.wait(15000));
    LiveCanvas *live = w.runner()->canvas();
    // Dots travel on the links the load really takes, and the links say how much.
    QTRY_VERIFY_WITH_TIMEOUT(live->particles() > 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(live->linkTag(QStringLiteral("lb-server-1")).contains("/s"), 15000);
    QTRY_VERIFY(live->linkTag(QStringLiteral("internet")).contains("/s"));
    // ... and their 95th percentile latency, which View ▸ Link Labels switches off.
    QTRY_VERIFY_WITH_TIMEOUT(live->linkTag(QStringLiteral("lb-server-1")).contains("p95 "), 15000);
    auto *latency = w.findChild<QAction *>(QStringLiteral("linkLabelLatency"));
    QVERIFY(latency && latency->isChecked());
    latency->trigger();
    QVERIFY(!live->linkTag(QStringLiteral("lb-server-1")).contains("p95"));
    QVERIFY(live->linkTag(QStringLiteral("lb-server-1")).contains("/s"));
    w.liveDocks()->metrics()->addSnapshot(
        snapshots.constLast().at(0).value<runtime::MetricSnapshot>());
    QVERIFY(w.liveDocks()->metrics()->points() > 0);
    w.runner()->session()->stopLoad();
}

QTEST_MAIN(TestLive)
#include "tst_live.moc"
