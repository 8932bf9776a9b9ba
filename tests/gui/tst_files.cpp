// Files: save and reopen give the same topology in both formats; a file that cannot be read
// is reported precisely and leaves the open design untouched.
#include "commands/designeditor.h"
#include "document/autosaver.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "guitestsupport.h"
#include "mainwindow.h"

#include <QMimeData>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

class TestFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes) {
        return writeTestFile(m_dir.filePath(name), bytes);
    }

private Q_SLOTS:
    void initTestCase() {
        isolateSettings();
        QVERIFY(m_dir.isValid());
    }

    void saveAndReopenAreIdentical_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("interchange") << "design.infra.json";
        QTest::newRow("project") << "design.infrastage";
    }

    void saveAndReopenAreIdentical() {
        QFETCH(QString, file);
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY(window.files()->openPath(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json")));
        // Edit first, so what is saved is not just what was read.
        window.editor()->addNode(NodeKind::Monitoring, {200, 500});
        window.editor()->setNodeProperty(QStringLiteral("lb"), QStringLiteral("check_inter"), 500);
        QVERIFY(window.document()->isModified());
        const QByteArray saved = json(window.document()->data());
        QString error;
        const QString path = m_dir.filePath(file);
        QVERIFY2(window.document()->saveAs(path, &error), qPrintable(error));
        QVERIFY(!window.document()->isModified());
        QCOMPARE(window.document()->path(), QFileInfo(path).absoluteFilePath());

        MainWindow other;
        other.files()->setInteractive(false);
        QVERIFY2(other.files()->openPath(path), qPrintable(other.files()->lastError()));
        QCOMPARE(json(other.document()->data()), saved);
        QVERIFY(!other.document()->isModified());
        QVERIFY(other.files()->recentFiles().contains(QFileInfo(path).absoluteFilePath()));
    }

    void autosaveKeepsUnsavedWorkUntilSaved() {
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY(window.files()->openPath(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/one-server.infra.json")));
        Autosaver *autosaver = window.files()->autosaver();
        QFile::remove(autosaver->recoveryPath());
        window.editor()->setNodeName(window.document()->data().nodes().first().id,
                                     QStringLiteral("Unsaved name"));
        autosaver->saveNow();
        TopologyData recovered;
        QString error;
        QVERIFY2(TopologyFile::load(autosaver->recoveryPath(), &recovered, &error),
                 qPrintable(error));
        QCOMPARE(json(recovered), json(window.document()->data()));
        // A recovery file of another (crashed) process is offered at the next start.
        const QString crashed =
            Autosaver::recoveryDirectory() + QStringLiteral("/recovery-1.infra.json");
        QVERIFY(QFile::copy(autosaver->recoveryPath(), crashed));
        QCOMPARE(Autosaver::leftoverRecoveryFile(), crashed);
        QFile::remove(crashed);
        // Saving makes the recovery file pointless.
        QVERIFY(
            window.document()->saveAs(m_dir.filePath(QStringLiteral("saved.infra.json")), &error));
        QVERIFY(!QFile::exists(autosaver->recoveryPath()));
    }

    void fileDroppedOntoTheWindowOpens() {
        MainWindow window;
        window.files()->setInteractive(false);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/secured-monitored.infra.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(window.document()->path().endsWith(QStringLiteral("secured-monitored.infra.json")));
        QVERIFY(window.document()->data().node(QStringLiteral("fw-edge")));
    }

    void badFileLeavesTheOpenDocumentUntouched_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << "broken.infra.json" << QByteArray("{ \"nodes\": [") << "line";
        QTest::newRow("bad port")
            << "port.infra.json"
            << QByteArray(
                   R"({"format":"infrastage-topology","version":1,"name":"x","nodes":[)"
                   R"({"id":"lb","kind":"loadbalancer","properties":{"port":70000}}],"links":[]})")
            << "lb";
        QTest::newRow("missing") << "" << QByteArray() << "";
        QTest::newRow("damaged project")
            << "damaged.infrastage" << QByteArray("SQLite format 3\0garbage", 23) << "";
    }

    void badFileLeavesTheOpenDocumentUntouched() {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        MainWindow window;
        window.files()->setInteractive(false);
        QVERIFY(window.files()->openPath(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json")));
        window.editor()->setNodeName(QStringLiteral("lb"), QStringLiteral("Edited"));
        const QByteArray before = json(window.document()->data());
        const QString pathBefore = window.document()->path();
        const int steps = window.document()->undoStack()->count();

        const QString path = name.isEmpty() ? m_dir.filePath(QStringLiteral("nothing.infra.json"))
                                            : write(name, content);
        QVERIFY(!window.files()->openPath(path));
        const QString error = window.files()->lastError();
        QVERIFY2(error.contains(QFileInfo(path).fileName()), qPrintable(error));
        if (!reason.isEmpty())
            QVERIFY2(error.contains(reason), qPrintable(error));
        QCOMPARE(json(window.document()->data()), before);
        QCOMPARE(window.document()->path(), pathBefore);
        QCOMPARE(window.document()->undoStack()->count(), steps);
        QVERIFY(window.document()->isModified());
    }
};

QTEST_MAIN(TestFiles)
#include "tst_files.moc"
