// Lessons (docs/lessons.md): every lesson in examples/lessons/ plays to its end headless on real
// processes with every expectation met; a damaged lesson is refused with its line and the
// reason; an expectation that does not hold makes `infrastage-cli lesson` exit 1.
#include "designgateway.h"
#include "lessonparser.h"
#include "lessonrunner.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

const QString LessonsDir = QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/lessons");

QString cli() {
    return qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-cli";
}

} // namespace

class TestLessons final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Runs the CLI; its exit code, with stdout and stderr.
    int runCli(const QStringList &args, QByteArray *out, QByteArray *err) {
        QProcess p;
        p.start(cli(), args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    QString writeLesson(const QString &name, const QString &text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(text.toUtf8());
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyExampleLessonHolds_data() {
        QTest::addColumn<QString>("file");
        const QStringList files = QDir(LessonsDir).entryList({"*.lesson"}, QDir::Files);
        QVERIFY(files.size() >= 3);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << QDir(LessonsDir).filePath(f);
    }

    void everyExampleLessonHolds() {
        QFETCH(QString, file);
        Lesson lesson;
        QString error;
        QVERIFY2(LessonParser::load(file, &lesson, &error), qPrintable(error));
        DesignGateway gateway;
        Orchestrator::Options o;
        o.nodeProgram = qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-node";
        o.runDirectory = m_dir.filePath(QFileInfo(file).baseName());
        o.detail = true;
        o.stopGraceMs = 1000;
        gateway.setOptions(o);
        LessonRunner runner(&gateway);
        QList<int> started;
        QList<LessonStepResult> steps;
        connect(&runner, &LessonRunner::stepStarted, this,
                [&](int index, const QString &) { started.append(index); });
        connect(&runner, &LessonRunner::stepFinished, this,
                [&](const LessonStepResult &r) { steps.append(r); });
        QSignalSpy finished(&runner, &LessonRunner::finished);
        QVERIFY2(runner.start(lesson, &error), qPrintable(error));
        QVERIFY(finished.wait(90000));
        const auto summary = finished.at(0).at(0).value<LessonSummary>();
        QString text;
        for (const LessonStepResult &r : std::as_const(steps))
            text += r.toText();
        if (!summary.passed()) // whole: QVERIFY2 cuts its message at about a kilobyte
            qWarning("%s", qPrintable(text + summary.toText()));
        QVERIFY2(summary.passed(), qPrintable(text + summary.toText()));
        QCOMPARE(steps.size(), lesson.steps.size());
        QCOMPARE(started.size(), lesson.steps.size());
        QVERIFY(summary.expectations() > 0);
        QCOMPARE(summary.held(), summary.expectations());
        QCOMPARE(gateway.state(), RuntimeState::Stopped); // it stopped the design it started
    }

    void damagedLessonIsRefusedWithLineAndReason_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        const QString head = "lesson x\ndesign ../three-server.infra.json\n";
        QTest::newRow("unknown action") << head + "step a\nkil lb\n" << 4 << "unknown action 'kil'";
        QTest::newRow("two actions") << head + "step a\nkill lb\nwait 1\n" << 5 << "one action";
        QTest::newRow("bad status") << head + "step a\nrequest GET /\nexpect status ok\n"
                                    << 5 << "expect status CODE";
        QTest::newRow("bad within") << head + "step a\nexpect backend server-1 down within x\n"
                                    << 4 << "within";
        QTest::newRow("before step") << head + "kill lb\n" << 3 << "before the first step";
        QTest::newRow("no design") << "lesson x\nstep a\n" << 2 << "no 'design FILE'";
        QTest::newRow("load") << head + "step a\nload fast 3\n" << 4 << "load RATE SECONDS";
        QTest::newRow("cut") << head + "step a\ncut lb server-1-web extra\n"
                             << 4 << "expected 'cut NODE PEER' or 'cut LINK'";
    }

    void damagedLessonIsRefusedWithLineAndReason() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, reason);
        Lesson lesson;
        QString error;
        QVERIFY(!LessonParser::parse(text, LessonsDir, &lesson, &error));
        QVERIFY2(error.startsWith(QStringLiteral("line %1: ").arg(line)), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(lesson.steps.isEmpty()); // nothing half-read

        // The CLI refuses it with exit 2, naming the file and the line.
        const QString path = writeLesson("damaged.lesson", text);
        QByteArray out, err;
        QCOMPARE(runCli({"lesson", path}, &out, &err), 2);
        QVERIFY2(err.contains(QStringLiteral("%1:%2: ").arg(path).arg(line).toUtf8()),
                 err.constData());
        QVERIFY(!out.contains("Step 1"));
    }

    // A `set` naming no node of the design: refused before anything starts.
    void overrideOfAMissingNodeIsRefused() {
        Lesson lesson;
        QString error;
        QVERIFY2(LessonParser::parse("design ../three-server.infra.json\nset nolb check_inter 200\n"
                                     "step a\nwait 0\n",
                                     LessonsDir, &lesson, &error),
                 qPrintable(error));
        DesignGateway gateway;
        LessonRunner runner(&gateway);
        QVERIFY(!runner.start(lesson, &error));
        QVERIFY2(error.contains("no node 'nolb'"), qPrintable(error));
        QVERIFY(!runner.isRunning());
        QCOMPARE(gateway.state(), RuntimeState::Stopped);
    }

    void unreadableLessonExitsTwo() {
        QByteArray out, err;
        QCOMPARE(runCli({"lesson", m_dir.filePath("missing.lesson")}, &out, &err), 2);
        QVERIFY(err.contains("missing.lesson"));
        const QString binary = writeLesson("binary.lesson", QString());
        QFile f(binary);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("lesson \xff\xfe\n");
        f.close();
        QCOMPARE(runCli({"lesson", binary}, &out, &err), 2);
        QVERIFY2(err.contains("UTF-8"), err.constData());
    }

    // A lesson whose expectation cannot hold (GET / answers 200, not 404): the CLI says which
    // and exits 1; the JSON report carries the measured value.
    void failedExpectationExitsNonZero() {
        const QString path = writeLesson(
            "wrong.lesson", "lesson Wrong on purpose\n"
                            "design " INFRASTAGE_SOURCE_DIR "/examples/one-server.infra.json\n"
                            "step Home page\nrequest GET /\nexpect status 404\n"
                            "step Still there\nrequest GET /\nexpect status 200\n");
        QByteArray out, err;
        QCOMPARE(runCli({"lesson", path, "--run-dir", m_dir.filePath("wrong")}, &out, &err), 1);
        QVERIFY2(out.contains("[FAILED] expect status 404 (status 200)"), out.constData());
        QVERIFY2(out.contains("[held]   expect status 200"), out.constData());
        QVERIFY2(out.contains("1 of 2 expectations held"), out.constData());

        QCOMPARE(runCli({"lesson", path, "--format", "json", "--run-dir", m_dir.filePath("json")},
                        &out, &err),
                 1);
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value("passed").toBool(), false);
        const QJsonObject first = o.value("steps").toArray().at(0).toObject();
        const QJsonObject expect = first.value("expectations").toArray().at(0).toObject();
        QCOMPARE(expect.value("held").toBool(), false);
        QCOMPARE(expect.value("measured").toString(), QStringLiteral("status 200"));
        QCOMPARE(expect.value("line").toInt(), 5);
    }
};

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
