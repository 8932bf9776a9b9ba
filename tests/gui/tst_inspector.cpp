// The inspector: an editor per kind, edits as undoable commands, invalid values shown inline
// and not applied.
#include "canvas/diagramscene.h"
#include "document/document.h"
#include "guitestsupport.h"
#include "inspector/inspectorpanel.h"
#include "inspector/nodeeditor.h"
#include "inspector/propertyfield.h"
#include "mainwindow.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

class TestInspector : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    NodeEditor *select(const QString &id) {
        m_window->scene()->selectIds({id});
        return m_window->inspector()->currentNodeEditor();
    }

    QLineEdit *line(NodeEditor *e, const char *key) {
        return qobject_cast<QLineEdit *>(e->field(QString::fromLatin1(key))->editor());
    }

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_window->document()->reset(example("three-server"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() {
        m_window->document()->undoStack()->setClean();
        m_window.reset();
    }

    void oneEditorPerKind() {
        NodeEditor *lb = select(QStringLiteral("lb"));
        QVERIFY(lb);
        QCOMPARE(lb->kind(), NodeKind::LoadBalancer);
        QVERIFY(lb->field(QStringLiteral("check_inter")));
        QVERIFY(lb->field(QStringLiteral("tls")));
        NodeEditor *db = select(QStringLiteral("server-1-db"));
        QCOMPARE(db->kind(), NodeKind::Database);
        QVERIFY(db->field(QStringLiteral("auto_failover")));
        QVERIFY(!db->field(QStringLiteral("check_inter")));
        QCOMPARE(line(select(QStringLiteral("server-2")), "ip")->text(),
                 QStringLiteral("192.168.1.11"));
    }

    void typingIsOneUndoStep() {
        NodeEditor *e = select(QStringLiteral("lb"));
        QLineEdit *port = line(e, "port");
        port->setFocus();
        port->selectAll();
        QTest::keyClicks(port, QStringLiteral("8080"));
        QCOMPARE(
            m_window->document()->data().node(QStringLiteral("lb"))->number(QStringLiteral("port")),
            8080);
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
        m_window->document()->undoStack()->undo();
        QCOMPARE(
            m_window->document()->data().node(QStringLiteral("lb"))->number(QStringLiteral("port")),
            80);
        QCOMPARE(line(e, "port")->text(), QStringLiteral("80"));
    }

    void invalidValuesShownInlineAndNotApplied_data() {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("typed");
        QTest::newRow("port 70000") << "lb"
                                    << "port"
                                    << "70000";
        QTest::newRow("bad ip") << "lb"
                                << "ip"
                                << "8.8.8.888";
        QTest::newRow("duplicate address") << "server-2"
                                           << "ip"
                                           << "192.168.1.10";
    }

    void invalidValuesShownInlineAndNotApplied() {
        QFETCH(QString, node);
        QFETCH(QString, key);
        QFETCH(QString, typed);
        const QByteArray before = json(m_window->document()->data());
        NodeEditor *e = select(node);
        QLineEdit *edit = qobject_cast<QLineEdit *>(e->field(key)->editor());
        edit->setFocus();
        edit->selectAll();
        // Pasted in one go: typed key by key, valid prefixes ("7000") would apply on the way.
        edit->insert(typed);
        QVERIFY(!e->field(key)->error().isEmpty());
        QCOMPARE(edit->text(), typed); // still there to be corrected
        QCOMPARE(json(m_window->document()->data()), before);
        QCOMPARE(m_window->document()->undoStack()->count(), 0);
    }

    // HAProxy's overload settings: the lb's timeouts and maxconn, and maxconn per backend link.
    void overloadSettingsAreEditable() {
        NodeEditor *e = select(QStringLiteral("lb"));
        for (const char *key : {"timeout_http_request", "timeout_queue", "maxconn"}) {
            QLineEdit *edit = line(e, key);
            QVERIFY2(edit, key);
            edit->setFocus();
            edit->selectAll();
            QTest::keyClicks(edit, QStringLiteral("700"));
            QCOMPARE(m_window->document()
                         ->data()
                         .node(QStringLiteral("lb"))
                         ->number(QString::fromLatin1(key)),
                     700);
        }
        PropertyField *server =
            e->findChild<PropertyField *>(QStringLiteral("lb-server-1/maxconn"));
        QVERIFY(server);
        auto *edit = qobject_cast<QLineEdit *>(server->editor());
        QVERIFY(edit);
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("2"));
        QCOMPARE(m_window->document()
                     ->data()
                     .link(QStringLiteral("lb-server-1"))
                     ->number(QStringLiteral("maxconn")),
                 2);
    }

    // Active-passive servers (HAProxy's `backup`): Server 2 becomes the standby in a click on
    // the load balancer's backend list, and Undo makes it active again.
    void backendBackupIsEditable() {
        NodeEditor *e = select(QStringLiteral("lb"));
        PropertyField *field = e->findChild<PropertyField *>(QStringLiteral("lb-server-2/backup"));
        QVERIFY(field);
        auto *box = qobject_cast<QCheckBox *>(field->editor());
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        box->click();
        const auto backup = [this] {
            return m_window->document()
                ->data()
                .link(QStringLiteral("lb-server-2"))
                ->flag(QStringLiteral("backup"));
        };
        QVERIFY(backup());
        QVERIFY(!m_window->document()
                     ->data()
                     .link(QStringLiteral("lb-server-1"))
                     ->flag(QStringLiteral("backup")));
        m_window->document()->undoStack()->undo();
        QVERIFY(!backup());
    }

    void checkBoxEditsApply() {
        NodeEditor *e = select(QStringLiteral("lb"));
        auto *tls = qobject_cast<QCheckBox *>(e->field(QStringLiteral("tls"))->editor());
        tls->click();
        QVERIFY(
            m_window->document()->data().node(QStringLiteral("lb"))->flag(QStringLiteral("tls")));
    }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
