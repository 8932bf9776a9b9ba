// The designer running a design: Run and Stop, the live look of nodes and links, faults from
// the context menu, edits refused while running, nothing left behind. Real processes.
#include "guitestsupport.h"

#include "canvas/diagramscene.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "live/livecanvas.h"
#include "live/livesession.h"
#include "live/runcontroller.h"
#include "mainwindow.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMenu>
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
    // DOWN within fall x inter + inter; the slack is for a loaded machine, not the design.
    QTRY_VERIFY_WITH_TIMEOUT(
        live->linkTag(QStringLiteral("lb-server-1")).startsWith(QStringLiteral("DOWN")),
        fall * inter + inter + 4000);
    QVERIFY(live->linkTag(QStringLiteral("lb-server-2")).startsWith(QStringLiteral("UP")));
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

QTEST_MAIN(TestLive)
#include "tst_live.moc"
