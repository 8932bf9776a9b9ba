// The designer's File > Grade Against: the open design, unsaved edits included, graded against a
// shipped rubric with the CLI's Grader, off the GUI thread (the "runs" criterion starts real
// processes); the dialog shows the score, one line per criterion with its mark, and copies the
// Markdown report.
#include "commands/designeditor.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "grading/gradecontroller.h"
#include "grading/gradedialog.h"
#include "guitestsupport.h"
#include "mainwindow.h"

#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

namespace {

const char *kThreeServer = INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json";
constexpr int kRunTimeoutMs = 200000; // the design starts and answers on a busy machine

QAction *gradeAction(MainWindow &window, const QString &name) {
    auto *menu = window.findChild<QMenu *>(QStringLiteral("gradeMenu"));
    if (!menu)
        return nullptr;
    for (QAction *a : menu->actions()) {
        if (a->objectName() == QStringLiteral("grade:") + name)
            return a;
    }
    return nullptr;
}

QStringList column(QTreeWidget *tree, int column) {
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        out.append(tree->topLevelItem(i)->text(column));
    return out;
}

} // namespace

class TestGrading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }

    void menuOffersTheShippedRubrics() {
        MainWindow window;
        for (const char *name :
             {"one-server", "three-server", "secured-monitored", "scale-up", "file"})
            QVERIFY2(gradeAction(window, QString::fromLatin1(name)), name);
    }

    // The reference design gets full marks, the run included, and the report is copied.
    void referenceDesignGetsFullMarks() {
        MainWindow window;
        window.files()->setInteractive(false);
        window.grades()->setInteractive(false);
        window.grades()->setCli(qEnvironmentVariable("INFRASTAGE_BIN_DIR") +
                                QStringLiteral("/infrastage-cli"));
        QVERIFY(window.files()->openPath(QString::fromUtf8(kThreeServer)));
        QAction *grade = gradeAction(window, QStringLiteral("three-server"));
        QVERIFY(grade);
        grade->trigger();
        GradeDialog *dialog = window.grades()->dialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        // The GUI thread stays free while the design runs: the dialog says it is grading.
        QVERIFY(!dialog->isDone());
        QVERIFY(dialog->scoreLabel()->text().contains(QStringLiteral("Grading")));
        QVERIFY(!dialog->copyButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isDone(), kRunTimeoutMs);

        const Grade &g = dialog->grade();
        QVERIFY2(g.read, qPrintable(g.error));
        QCOMPARE(g.results.size(), 14);
        QCOMPARE(g.points, g.maxPoints);
        QCOMPARE(dialog->scoreLabel()->text(),
                 QStringLiteral("Score: %1 / %1 (100 %)").arg(g.maxPoints));
        QCOMPARE(dialog->criteria()->topLevelItemCount(), 14);
        QCOMPARE(column(dialog->criteria(), 0), QStringList(14, QStringLiteral("✔")));
        QVERIFY(column(dialog->criteria(), 3)
                    .contains(QStringLiteral("started; one request answered")));

        QVERIFY(dialog->copyButton()->isEnabled());
        dialog->copyButton()->click();
        const QString markdown = QApplication::clipboard()->text();
        QVERIFY2(markdown.contains(QStringLiteral("**Score: %1 / %1 (").arg(g.maxPoints)),
                 qPrintable(markdown));
        QVERIFY(markdown.contains(QStringLiteral("three-server.infra.json")));
    }

    // An unsaved edit counts: without its load balancer the design loses those points, and
    // without infrastage-cli the run is marked as not checked.
    void unsavedEditsAreGraded() {
        MainWindow window;
        window.files()->setInteractive(false);
        window.grades()->setInteractive(false);
        window.grades()->setCli(QString());
        QVERIFY(window.files()->openPath(QString::fromUtf8(kThreeServer)));
        window.editor()->remove({QStringLiteral("lb")});
        QVERIFY(window.document()->isModified());
        QVERIFY(window.grades()->gradeAgainst(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/rubrics/three-server.rubric")));
        GradeDialog *dialog = window.grades()->dialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isDone(), 30000);
        const QStringList marks = column(dialog->criteria(), 0);
        const QStringList texts = column(dialog->criteria(), 2);
        const int lb =
            int(texts.indexOf(QRegularExpression(QStringLiteral("^one load balancer.*"))));
        QVERIFY(lb >= 0);
        QCOMPARE(marks.at(lb), QStringLiteral("✘"));
        QCOMPARE(marks.last(), QStringLiteral("–")); // runs: not checked
        QVERIFY(dialog->grade().points < dialog->grade().maxPoints);
    }

    void unreadableRubricIsRefused() {
        QTemporaryDir dir;
        const QString bad = writeTestFile(dir.filePath(QStringLiteral("bad.rubric")),
                                          "exercise: x\n2 | components nothing >= 1 | ?\n");
        MainWindow window;
        window.grades()->setInteractive(false);
        QVERIFY(!window.grades()->gradeAgainst(bad));
        QVERIFY2(window.grades()->lastError().contains(QStringLiteral("line 2")),
                 qPrintable(window.grades()->lastError()));
        QVERIFY(!window.grades()->dialog());
    }
};

QTEST_MAIN(TestGrading)
#include "tst_grading.moc"
