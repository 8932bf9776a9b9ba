// Grading a student's design against a rubric: the shipped rubrics give the examples full
// marks, the corpus answers of an exercise are graded as a teacher would, a rubric's mistakes
// name their line, the run criterion starts the design for real (and is not checked while another
// run holds the design's addresses), and `infrastage-cli grade`
// writes text, JSON, Markdown and, for a folder, one CSV table.
#include "grader.h"
#include "gradereport.h"
#include "rubric.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;

namespace {

const QString kSource = QStringLiteral(INFRASTAGE_SOURCE_DIR);

QString cli() {
    return qEnvironmentVariable("INFRASTAGE_BIN_DIR") + QStringLiteral("/infrastage-cli");
}

Rubric shipped(const QString &exercise) {
    Rubric r;
    QString error;
    if (!Rubric::load(kSource + QStringLiteral("/examples/rubrics/%1.rubric").arg(exercise), &r,
                      &error))
        qWarning("%s", qPrintable(error));
    return r;
}

QString failures(const Grade &g) {
    QStringList out{g.error.isEmpty() ? QStringLiteral("failed:") : g.error};
    for (const CriterionResult &r : g.results) {
        if (r.checked && !r.passed)
            out.append(r.criterion.text + QStringLiteral(": ") + r.detail);
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace

class TestGrading final : public QObject {
    Q_OBJECT

private slots:
    void examplesGetFullMarks_data() {
        QTest::addColumn<QString>("exercise");
        for (const char *e : {"one-server", "three-server", "secured-monitored", "scale-up"})
            QTest::newRow(e) << QString::fromLatin1(e);
    }
    void examplesGetFullMarks() {
        QFETCH(QString, exercise);
        const Rubric rubric = shipped(exercise);
        QCOMPARE(rubric.exercise, exercise);
        const Grade g = Grader::grade(
            kSource + QStringLiteral("/examples/%1.infra.json").arg(exercise), rubric, QString());
        QVERIFY2(g.read, qPrintable(g.error));
        QVERIFY(g.maxPoints > 0);
        QVERIFY2(g.points == g.maxPoints, qPrintable(failures(g)));
        // The run criterion was not asked for: reported, not counted.
        QCOMPARE(g.maxPoints + 2, rubric.maxPoints());
    }

    void studentAnswersAreGradedAsATeacherWould() {
        const Rubric rubric = shipped(QStringLiteral("three-server"));
        const QString corpus = kSource + QStringLiteral("/tests/exchange/data/corpus/");
        for (const QString &name : QDir(corpus).entryList({QStringLiteral("three-server-*")})) {
            const Grade g = Grader::grade(corpus + name, rubric, QString());
            // Full marks, but for the files a few answers did not draw (their headers say so).
            QFile f(corpus + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const bool files = f.readAll().contains("files=2");
            QVERIFY2(g.points == g.maxPoints - (files ? 0 : 1),
                     qPrintable(name + QLatin1Char('\n') + failures(g)));
        }
        // A one-server answer handed in for the three-server exercise loses the points of
        // what it lacks, and keeps those of what it has.
        const Grade one =
            Grader::grade(corpus + QStringLiteral("one-server-01.md"), rubric, QString());
        QVERIFY(one.read);
        QVERIFY(one.points > 0);
        QVERIFY(one.points < one.maxPoints);
        // A secured answer gets the points of HTTPS and firewalls; a three-server one does not.
        const Rubric secured = shipped(QStringLiteral("secured-monitored"));
        const Grade s = Grader::grade(corpus + QStringLiteral("secured-01.md"), secured, QString());
        const Grade t =
            Grader::grade(corpus + QStringLiteral("three-server-01.md"), secured, QString());
        QVERIFY2(s.points == s.maxPoints, qPrintable(failures(s)));
        QVERIFY(t.points < s.points);
    }

    void rubricMistakesNameTheirLine() {
        Rubric r;
        QString error;
        QVERIFY(!Rubric::parse(QStringLiteral("exercise: x\n# fine\n2 | components teapot >= 1 "
                                              "| t\n"),
                               &r, &error));
        QVERIFY2(error.startsWith(QLatin1String("line 3: 'teapot' is not a node kind")),
                 qPrintable(error));
        QVERIFY(!Rubric::parse(QStringLiteral("1 | finding spof.dns maybe | t\n"), &r, &error));
        QVERIFY2(error.startsWith(QLatin1String("line 1:")), qPrintable(error));
        QVERIFY(!Rubric::parse(QStringLiteral("zero | runs | t\n"), &r, &error));
        QVERIFY(!Rubric::parse(QStringLiteral("# nothing\n"), &r, &error));
        QVERIFY(Rubric::parse(QStringLiteral("3 | runs | it runs\n"), &r, &error));
        QCOMPARE(r.maxPoints(), 3);
    }

    void theRunCriterionStartsTheDesign() {
        const Rubric rubric = shipped(QStringLiteral("three-server"));
        const Grade g = Grader::grade(kSource + QStringLiteral("/examples/three-server.infra.json"),
                                      rubric, cli());
        QCOMPARE(g.maxPoints, rubric.maxPoints());
        QVERIFY2(g.points == g.maxPoints, qPrintable(failures(g)));
        // A design whose only server has no web server cannot answer: the run fails.
        QTemporaryDir dir;
        const QString broken = dir.filePath(QStringLiteral("broken.mmd"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("graph TD\n  u[User] --> d[DNS]\n  d --> s[Server 1]\n");
        f.close();
        Rubric runs;
        QString error;
        QVERIFY(Rubric::parse(QStringLiteral("1 | runs | it runs\n"), &runs, &error));
        const Grade b = Grader::grade(broken, runs, cli());
        QVERIFY(b.read);
        QCOMPARE(b.points, 0);
        QVERIFY(!b.results.first().detail.isEmpty());
    }

    // While another run holds the design's addresses (a teacher's demonstration of the same
    // example), the run criterion cannot be tried: it is not checked, and says why, instead of
    // marking the student down.
    void aRunHoldingTheAddressesLeavesTheRunCriterionUnchecked() {
        qunsetenv("INFRASTAGE_LEASE_WAIT"); // refused at once, as outside the test suite
        QTemporaryDir dir;
        QProcess up;
        up.start(cli(), {QStringLiteral("up"),
                         kSource + QStringLiteral("/examples/three-server.infra.json"),
                         QStringLiteral("--run-dir"), dir.filePath(QStringLiteral("run"))});
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += up.readAllStandardError()).contains("nodes ready"), 30000);
        Rubric runs;
        QString error;
        QVERIFY(Rubric::parse(QStringLiteral("1 | runs | it runs\n"), &runs, &error));
        const Grade g = Grader::grade(kSource + QStringLiteral("/examples/three-server.infra.json"),
                                      runs, cli());
        QCOMPARE(g.results.size(), 1);
        const CriterionResult &r = g.results.first();
        QVERIFY2(!r.checked && r.detail.contains("is in use by another running design") &&
                     r.detail.contains(QString::number(up.processId())),
                 qPrintable(r.detail));
        QCOMPARE(g.maxPoints, 0);
        up.terminate();
        QVERIFY(up.waitForFinished(10000));
        // Once it has stopped, the design runs and is graded.
        const Grade after = Grader::grade(
            kSource + QStringLiteral("/examples/three-server.infra.json"), runs, cli());
        QVERIFY2(after.results.first().checked && after.points == 1, qPrintable(failures(after)));
    }

    void cliGradesAFileAndAFolder() {
        QTemporaryDir dir;
        const QString corpus = kSource + QStringLiteral("/tests/exchange/data/corpus/");
        for (const char *name : {"three-server-01.md", "one-server-02.mmd"})
            QVERIFY(QFile::copy(corpus + QLatin1String(name), dir.filePath(QLatin1String(name))));
        QFile::copy(kSource + QStringLiteral("/examples/three-server.infra.json"),
                    dir.filePath(QStringLiteral("reference.infra.json")));
        QProcess p;
        p.start(cli(), {QStringLiteral("grade"), dir.path(), QStringLiteral("--exercise"),
                        QStringLiteral("three-server"), QStringLiteral("--no-run")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> rows = p.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(rows.size(), 4); // the header and one row per answer
        QVERIFY(rows.at(0).startsWith("answer,points,max_points,percent,"));
        QVERIFY2(rows.at(3).startsWith("three-server-01.md,16,16,100.0,"), rows.at(3).constData());

        p.start(cli(),
                {QStringLiteral("grade"), dir.filePath(QStringLiteral("one-server-02.mmd")),
                 QStringLiteral("--exercise"), QStringLiteral("three-server"),
                 QStringLiteral("--no-run"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(120000));
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(o.value(QStringLiteral("points")).toInt() <
                o.value(QStringLiteral("max_points")).toInt());

        p.start(cli(), {QStringLiteral("grade"), dir.filePath(QStringLiteral("three-server-01.md")),
                        QStringLiteral("--exercise"), QStringLiteral("three-server"),
                        QStringLiteral("--no-run"), QStringLiteral("--format"),
                        QStringLiteral("markdown")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY(p.readAllStandardOutput().contains("**Score: 16 / 16 (100%)**"));

        p.start(cli(), {QStringLiteral("grade"), dir.path(), QStringLiteral("--exercise"),
                        QStringLiteral("no-such-exercise")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("no-such-exercise.rubric"));
    }
};

QTEST_GUILESS_MAIN(TestGrading)
#include "tst_grading.moc"
