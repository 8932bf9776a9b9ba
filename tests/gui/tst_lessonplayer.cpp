// Lessons in the designer: a shipped lesson opened from the Lessons menu runs its design, plays
// step by step (Next, Space in presenter mode, Run to End) with the CLI's LessonRunner on real
// processes, its fault shows on the canvas and in the Faults dock, its request in the player,
// and every expectation held at the end; a second lesson stops the running design and plays on
// its own; a damaged lesson is refused with its line.
#include "guitestsupport.h"

#include "canvas/diagramview.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "live/faultspanel.h"
#include "live/lessonpanel.h"
#include "live/lessonplayer.h"
#include "live/livecanvas.h"
#include "live/livedocks.h"
#include "live/livesession.h"
#include "live/presentermode.h"
#include "live/runcontroller.h"
#include "live/walkthroughplayer.h"
#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeState;

class TestLessonPlayer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testing::isolateSettings(); }
    void shippedLessonPlaysToItsEnd();
    void damagedLessonIsRefusedWithItsLine();
};

void TestLessonPlayer::shippedLessonPlaysToItsEnd() {
    MainWindow w;
    w.files()->setInteractive(false);
    LessonPlayer *lessons = w.lessons();
    // The shipped lessons are in the Lessons menu, by title.
    QAction *entry = nullptr;
    for (QAction *a : lessons->menu()->actions())
        if (a->text() == QStringLiteral("Kill a server under load"))
            entry = a;
    QVERIFY(entry);
    QSignalSpy finished(lessons, &LessonPlayer::finished);
    entry->trigger();
    // Its design is the open document, and it runs.
    QVERIFY(w.document()->path().endsWith(QStringLiteral("three-server.infra.json")));
    LessonPanel *panel = lessons->panel();
    auto *next = panel->findChild<QPushButton *>(QStringLiteral("lessonNext"));
    auto *toEnd = panel->findChild<QPushButton *>(QStringLiteral("lessonRunToEnd"));
    QVERIFY(next && toEnd);

    // Step 1 (a load) is played, then the lesson waits for Next.
    QTRY_VERIFY_WITH_TIMEOUT(lessons->isWaiting(), 30000);
    QVERIFY(next->isEnabled());
    QVERIFY(lessons->caption().contains(QStringLiteral("steady load")));

    // In presenter mode Space plays step 2: Server 1's web server is killed for real.
    w.presenter()->setOn(true);
    QTest::keyClick(w.view(), Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(lessons->isWaiting(), 20000);
    QVERIFY2(w.presenter()->captionText().contains(QStringLiteral("Kill Server 1")),
             qPrintable(w.presenter()->captionText()));
    QTRY_COMPARE(w.runner()->canvas()->nodeTag(QStringLiteral("server-1-web")),
                 QStringLiteral("DOWN"));
    QTRY_VERIFY(w.liveDocks()->faults()->active().contains(QStringLiteral("kill server-1-web")));
    w.presenter()->setOn(false);

    // Run to End plays the rest; every expectation held, and the list says so.
    toEnd->click();
    QVERIFY(finished.wait(30000));
    const auto summary = finished.first().first().value<runtime::LessonSummary>();
    QVERIFY2(summary.passed(), qPrintable(summary.toText()));
    const QStringList results = panel->results();
    QCOMPARE(results.filter(QStringLiteral("✓")).size(), summary.expectations());
    QVERIFY(results.filter(QStringLiteral("✗")).isEmpty());
    QVERIFY2(results.join(QLatin1Char('\n')).contains(QStringLiteral("✓ served-by server-2")),
             qPrintable(results.join(QLatin1Char('\n'))));
    QVERIFY(panel->findChild<QLabel *>(QStringLiteral("lessonSummary"))
                ->text()
                .contains(QStringLiteral("All 5 expectations held")));
    // Step 3's request was followed in the walkthrough player, through Server 2.
    QStringList hops;
    for (const runtime::WalkthroughStep &s : w.liveDocks()->player()->steps())
        hops << s.caption;
    QVERIFY2(hops.join('\n').contains(QStringLiteral("server-2-web")), qPrintable(hops.join('\n')));

    // The design keeps running after the lesson. Another lesson stops it and runs its own.
    QCOMPARE(w.runner()->session()->state(), RuntimeState::Running);
    finished.clear();
    QVERIFY(lessons->open(LessonPlayer::lessonsDirectory() +
                          QStringLiteral("/reference-walkthrough.lesson")));
    QTRY_VERIFY_WITH_TIMEOUT(lessons->isWaiting(), 30000);
    QVERIFY(lessons->caption().contains(QStringLiteral("home page")));
    lessons->runToEnd();
    QVERIFY(finished.wait(30000));
    const auto second = finished.first().first().value<runtime::LessonSummary>();
    QVERIFY2(second.passed(), qPrintable(second.toText()));
    w.action(QStringLiteral("stop"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.runner()->session()->state(), RuntimeState::Stopped, 15000);
}

void TestLessonPlayer::damagedLessonIsRefusedWithItsLine() {
    QTemporaryDir dir;
    const QString path = testing::writeTestFile(dir.filePath(QStringLiteral("bad.lesson")),
                                                "lesson Bad\ndesign " INFRASTAGE_SOURCE_DIR
                                                "/examples/three-server.infra.json\n"
                                                "step One\nkil lb\n");
    MainWindow w;
    w.files()->setInteractive(false);
    QVERIFY(!w.lessons()->open(path));
    const QString said =
        w.lessons()->panel()->findChild<QLabel *>(QStringLiteral("lessonSummary"))->text();
    QVERIFY2(said.contains(QStringLiteral("bad.lesson:4")), qPrintable(said));
    QCOMPARE(w.runner()->session()->state(), RuntimeState::Stopped);
}

QTEST_MAIN(TestLessonPlayer)
#include "tst_lessonplayer.moc"
