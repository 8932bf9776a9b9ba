// Record and replay in the designer: a real run with a request and a fault is recorded, saved,
// reopened and replayed with nothing running; the replay delivers the identical event sequence,
// the same walkthrough and token path, and the canvas state of any moment. An older design, a
// damaged recording, an exported one and an old file without recordings. Real processes.
#include "guitestsupport.h"

#include "commands/designeditor.h"
#include "document/document.h"
#include "io/projectfile.h"
#include "live/faultspanel.h"
#include "live/livecanvas.h"
#include "live/livedocks.h"
#include "live/livesession.h"
#include "live/runcontroller.h"
#include "live/walkthroughplayer.h"
#include "mainwindow.h"
#include "replay/replaycontroller.h"
#include "replay/replaydocks.h"

#include <QAction>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <sqlite3.h>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeEvent;
using runtime::RuntimeState;

namespace {

void execSql(const QString &path, const char *sql) {
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toLocal8Bit().constData(), &db), SQLITE_OK);
    char *msg = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    const QString why = QString::fromUtf8(msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(why));
}

// Steps the player from its first step to its last: the token crosses each hop.
QStringList tokenPathOf(MainWindow &w) {
    WalkthroughPlayer *player = w.liveDocks()->player();
    w.runner()->canvas()->hideToken();
    player->setCurrent(0);
    while (player->current() + 1 < player->steps().size())
        player->next();
    return w.runner()->canvas()->tokenPath();
}

QStringList captionsOf(const WalkthroughPlayer *player) {
    QStringList out;
    for (const runtime::WalkthroughStep &s : player->steps())
        out << s.caption;
    return out;
}

QJsonObject comparable(const RuntimeEvent &e) {
    return e.toJson();
}

} // namespace

class TestReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void recordSaveReopenReplay();
    void scrubbingRebuildsAnyMoment();
    void olderDesignWarns();
    void exportedRecordingOpensElsewhere();
    void damagedRecordingSaysWhy();
    void fileWithoutRecordingsOpens();
    void jsonFileSaysRecordingsAreNotKept();

private:
    bool openReplay(MainWindow &w, int index = 0);

    QTemporaryDir m_dir;
    QString m_project;          // the saved project with one recording
    QList<RuntimeEvent> m_live; // every event the live view got
    QStringList m_liveCaptions; // the walkthrough the player showed live
    QStringList m_livePath;     // the links the token crossed live
    QString m_cutLink = QStringLiteral("server-2-upstream");
};

void TestReplay::initTestCase() {
    testing::isolateSettings();
    QVERIFY(m_dir.isValid());
}

bool TestReplay::openReplay(MainWindow &w, int index) {
    QSignalSpy opened(w.replayDocks()->controller(), &ReplayController::opened);
    w.replayDocks()->replay(index);
    if (!opened.wait(20000))
        return false;
    // It plays at once; the test moves it by hand.
    w.replayDocks()->controller()->pause();
    return true;
}

void TestReplay::recordSaveReopenReplay() {
    {
        MainWindow w;
        w.document()->reset(testing::example("three-server"));
        QVERIFY(w.action(QStringLiteral("record"))->isChecked()); // on by default
        LiveSession *session = w.runner()->session();
        connect(session, &LiveSession::eventsArrived, this,
                [this](const QList<RuntimeEvent> &events) { m_live << events; });
        w.action(QStringLiteral("run"))->trigger();
        QVERIFY(QTest::qWaitFor([&] { return session->state() == RuntimeState::Running; }, 20000));
        QSignalSpy finished(session, &LiveSession::requestFinished);
        w.liveDocks()->sendRequest(w.liveDocks()->presets().at(1)); // GET /api/guestbook
        QVERIFY(finished.wait(20000));
        m_liveCaptions = captionsOf(w.liveDocks()->player());
        m_livePath = tokenPathOf(w);
        QVERIFY(m_livePath.size() >= 4);
        // A fault, so the recording holds one: Server 2's web server cut from its app server.
        runtime::Fault cut;
        cut.kind = runtime::FaultKind::Cut;
        cut.node = QStringLiteral("server-2-web");
        cut.peer = QStringLiteral("server-2-app");
        w.runner()->session()->inject(cut);
        QTRY_VERIFY_WITH_TIMEOUT(
            w.runner()->canvas()->linkTag(m_cutLink).contains(QStringLiteral("CUT")), 10000);
        w.action(QStringLiteral("stop"))->trigger();
        QVERIFY(QTest::qWaitFor([&] { return session->state() == RuntimeState::Stopped; }, 20000));
        QCOMPARE(w.document()->recordings().size(), 1);
        QCOMPARE(w.document()->recordings().first().source, RecordingSource::RunDirectory);
        QVERIFY(w.document()->isModified()); // a new recording is unsaved work
        m_project = m_dir.filePath(QStringLiteral("recorded.infrastage"));
        QString error;
        QVERIFY2(w.document()->saveAs(m_project, &error), qPrintable(error));
        QVERIFY(!w.document()->isModified());
        QCOMPARE(w.document()->recordings().first().source, RecordingSource::Project);
    }
    QVERIFY(!m_live.isEmpty());

    // Reopened in a new window: the recording is there and replays with nothing running.
    MainWindow w;
    QString error;
    QVERIFY2(w.document()->load(m_project, &error), qPrintable(error));
    QCOMPARE(w.document()->recordings().size(), 1);
    QCOMPARE(w.document()->recordings().first().events, qint64(m_live.size()));
    ReplayController *replay = w.replayDocks()->controller();
    QList<RuntimeEvent> replayed;
    connect(replay, &ReplayController::eventsReplayed, this,
            [&replayed](const QList<RuntimeEvent> &events) { replayed << events; });
    QVERIFY(openReplay(w));
    // (Opening played the events of its first moment; the rest follows as it plays.)
    QVERIFY(w.replayDocks()->bannerText().contains(QStringLiteral("REPLAY")));
    QVERIFY(replay->staleWarning().isEmpty());
    QVERIFY(w.runner()->canvas()->isReplay());
    QVERIFY(!w.action(QStringLiteral("run"))->isEnabled());
    QVERIFY(w.editor()->isLocked());
    QVERIFY(!w.runner()->session()->isActive());

    // Played to the end: the identical sequence, kind, order and payload.
    replay->setSpeed(1000);
    QSignalSpy playing(replay, &ReplayController::playingChanged);
    replay->play();
    QTRY_VERIFY_WITH_TIMEOUT(!replay->isPlaying(), 30000);
    QCOMPARE(replayed.size(), m_live.size());
    for (int i = 0; i < m_live.size(); ++i)
        QVERIFY2(comparable(replayed.at(i)) == comparable(m_live.at(i)),
                 qPrintable(QStringLiteral("event %1: %2 vs %3")
                                .arg(i)
                                .arg(replayed.at(i).kind, m_live.at(i).kind)));

    // The same walkthrough in the player, and the token crosses the same links.
    QCOMPARE(captionsOf(w.liveDocks()->player()), m_liveCaptions);
    QCOMPARE(tokenPathOf(w), m_livePath);

    replay->close();
    QVERIFY(!w.runner()->canvas()->isReplay());
    QVERIFY(!w.editor()->isLocked());
    QVERIFY(w.action(QStringLiteral("run"))->isEnabled());
    QVERIFY(w.replayDocks()->bannerText().isEmpty());
}

void TestReplay::scrubbingRebuildsAnyMoment() {
    QVERIFY(!m_project.isEmpty());
    MainWindow w;
    QString error;
    QVERIFY2(w.document()->load(m_project, &error), qPrintable(error));
    QVERIFY(openReplay(w));
    ReplayController *replay = w.replayDocks()->controller();
    const ReplayTimeline *t = replay->timeline();
    QCOMPARE(t->requests().size(), 1);
    int cut = -1;
    for (int i : t->faultEvents())
        cut = i;
    QVERIFY(cut > 0);
    const qint64 cutAt = t->timeOf(cut);
    const qint64 requestAt = t->requests().first().doneNs - t->startNs();
    LiveCanvas *canvas = w.runner()->canvas();
    // Jump back and forth: each moment looks as it did then.
    for (int round = 0; round < 2; ++round) {
        replay->seek(replay->duration());
        QCOMPARE(canvas->nodeTag(QStringLiteral("server-1-web")), QStringLiteral("STOPPED"));
        replay->seek(requestAt);
        QCOMPARE(canvas->nodeTag(QStringLiteral("server-1-web")), QStringLiteral("UP"));
        QVERIFY(canvas->linkTag(QStringLiteral("lb-server-1")).contains(QStringLiteral("UP")));
        QVERIFY(!canvas->linkTag(m_cutLink).contains(QStringLiteral("CUT")));
        QVERIFY(w.liveDocks()->faults()->active().isEmpty());
        QCOMPARE(w.liveDocks()->player()->steps().size(), t->requests().first().steps.size());
        replay->seek(cutAt);
        QVERIFY(canvas->linkTag(m_cutLink).contains(QStringLiteral("CUT")));
        QCOMPARE(w.liveDocks()->faults()->active().size(), 1);
        replay->seek(0);
        QVERIFY(w.liveDocks()->player()->steps().isEmpty());
    }
}

void TestReplay::olderDesignWarns() {
    QVERIFY(!m_project.isEmpty());
    MainWindow w;
    QString error;
    QVERIFY2(w.document()->load(m_project, &error), qPrintable(error));
    // Moving a box is not a new version of the design...
    w.editor()->moveNodes({{QStringLiteral("lb"), QPointF(40, 40)}});
    QVERIFY(openReplay(w));
    QVERIFY(w.replayDocks()->controller()->staleWarning().isEmpty());
    w.replayDocks()->controller()->close();
    // ... changing what runs is.
    QVERIFY(
        w.editor()->setNodeProperty(QStringLiteral("server-1-app"), QStringLiteral("port"), 8001));
    QVERIFY(openReplay(w));
    QVERIFY(!w.replayDocks()->controller()->staleWarning().isEmpty());
    QVERIFY(w.replayDocks()->bannerText().contains(QStringLiteral("older version")));
}

void TestReplay::exportedRecordingOpensElsewhere() {
    QVERIFY(!m_project.isEmpty());
    const QString exported = m_dir.filePath(QStringLiteral("exported.infrastage"));
    TopologyData recorded;
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.document()->load(m_project, &error), qPrintable(error));
        recorded = w.document()->data();
        // Edited after recording: the export carries the design as it was recorded.
        QVERIFY(w.editor()->setNodeProperty(QStringLiteral("server-1-app"), QStringLiteral("port"),
                                            8001));
        QVERIFY2(w.replayDocks()->exportRecording(0, exported, &error), qPrintable(error));
    }
    MainWindow w;
    QString error;
    QVERIFY2(w.document()->load(exported, &error), qPrintable(error));
    QCOMPARE(testing::json(w.document()->data()), testing::json(recorded));
    QCOMPARE(w.document()->recordings().size(), 1);
    QVERIFY(openReplay(w));
    QVERIFY(w.replayDocks()->controller()->staleWarning().isEmpty());
    QCOMPARE(w.replayDocks()->controller()->timeline()->events().size(), size_t(m_live.size()));
}

void TestReplay::damagedRecordingSaysWhy() {
    QVERIFY(!m_project.isEmpty());
    const QString damaged = m_dir.filePath(QStringLiteral("damaged.infrastage"));
    QVERIFY(QFile::copy(m_project, damaged));
    execSql(damaged, "UPDATE recording_events SET details = '{broken' WHERE seq = 5");
    MainWindow w;
    QString error;
    QVERIFY2(w.document()->load(damaged, &error), qPrintable(error)); // the design still opens
    QCOMPARE(w.document()->recordings().size(), 1);
    QSignalSpy failed(w.replayDocks()->controller(), &ReplayController::failed);
    w.replayDocks()->replay(0);
    QVERIFY(failed.wait(20000));
    const QString why = failed.first().first().toString();
    QVERIFY2(why.contains(QStringLiteral("event 5")) && why.contains(QStringLiteral("unreadable")),
             qPrintable(why));
    QVERIFY(!w.runner()->canvas()->isReplay());
    QVERIFY(!w.editor()->isLocked());

    // Its events gone altogether: said so, nothing else happens.
    execSql(damaged, "DROP TABLE recording_events");
    QVERIFY2(w.document()->load(damaged, &error), qPrintable(error));
    failed.clear();
    w.replayDocks()->replay(0);
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("recording_events")),
             qPrintable(failed.first().first().toString()));

    // A recordings table that is not one: the design opens, the dock says why.
    execSql(damaged, "DROP TABLE recordings; CREATE TABLE recordings(x)");
    QVERIFY2(w.document()->load(damaged, &error), qPrintable(error));
    QVERIFY(w.document()->recordings().isEmpty());
    QVERIFY(!w.document()->recordingsError().isEmpty());
}

void TestReplay::fileWithoutRecordingsOpens() {
    // A schema 2 file, as Infrastage wrote before recordings: opens, has none, saves with them.
    const QString old = m_dir.filePath(QStringLiteral("old.infrastage"));
    QString error;
    QVERIFY2(ProjectFile::save(old, testing::example("three-server"), &error), qPrintable(error));
    execSql(old, "DROP TABLE recording_events; DROP TABLE recordings; PRAGMA user_version = 2");
    Document doc;
    QVERIFY2(doc.load(old, &error), qPrintable(error));
    QVERIFY(doc.recordings().isEmpty());
    QVERIFY(doc.recordingsError().isEmpty());
    QVERIFY2(doc.save(&error), qPrintable(error));
    QVERIFY2(doc.load(old, &error), qPrintable(error));
}

void TestReplay::jsonFileSaysRecordingsAreNotKept() {
    QVERIFY(!m_project.isEmpty());
    Document doc;
    QString error;
    QVERIFY2(doc.load(m_project, &error), qPrintable(error));
    QSignalSpy warned(&doc, &Document::saveWarning);
    QVERIFY2(doc.saveAs(m_dir.filePath(QStringLiteral("design.infra.json")), &error),
             qPrintable(error));
    QCOMPARE(warned.size(), 1);
    QVERIFY(warned.first().first().toString().contains(QStringLiteral(".infrastage")));
}

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
