// Every kind of edit is one undo step that restores the model exactly, and redo replays it.
#include "analysis/analyzer.h"
#include "canvas/diagramscene.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "guitestsupport.h"
#include "model/layoutcheck.h"
#include "model/nodegeometry.h"
#include "model/topology.h"

#include <QSignalSpy>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

class TestUndo : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Document> m_doc;
    std::unique_ptr<DiagramScene> m_scene; // observes, so item bookkeeping is exercised too
    std::unique_ptr<DesignEditor> m_editor;

    // Runs `edit`, expecting exactly one new undo step; checks undo and redo both ways.
    void roundTrip(const std::function<void()> &edit) {
        const QByteArray before = json(m_doc->data());
        const int steps = m_doc->undoStack()->index();
        edit();
        const QByteArray after = json(m_doc->data());
        QVERIFY2(before != after, "the edit changed nothing");
        QCOMPARE(m_doc->undoStack()->index(), steps + 1);
        m_doc->undoStack()->undo();
        QCOMPARE(json(m_doc->data()), before);
        QCOMPARE(m_scene->nodeItems().size(), m_doc->data().nodes().size());
        QCOMPARE(m_scene->linkItems().size(), m_doc->data().links().size());
        m_doc->undoStack()->redo();
        QCOMPARE(json(m_doc->data()), after);
        QCOMPARE(m_scene->nodeItems().size(), m_doc->data().nodes().size());
        QCOMPARE(m_scene->linkItems().size(), m_doc->data().links().size());
    }

    Finding findingWithFix(const QString &fixId) {
        for (const Finding &f : analyzeTopology(m_doc->data())) {
            if (f.fixId == fixId)
                return f;
        }
        return Finding();
    }

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }

    void init() {
        m_doc = std::make_unique<Document>();
        m_doc->reset(example("three-server"));
        m_scene = std::make_unique<DiagramScene>(m_doc->topology());
        m_editor = std::make_unique<DesignEditor>(m_doc->topology(), m_doc->undoStack());
    }

    void cleanup() {
        m_editor.reset();
        m_scene.reset();
        m_doc.reset();
    }

    void addNode() {
        roundTrip([&] { QVERIFY(!m_editor->addNode(NodeKind::Server, {900, 700}).isEmpty()); });
        roundTrip([&] { QVERIFY(!m_editor->addNode(NodeKind::Firewall, {-300, 0}).isEmpty()); });
    }

    void addComponent() {
        roundTrip([&] {
            const QPointF inServer1 =
                NodeGeometry::sceneRect(m_doc->data(),
                                        *m_doc->data().node(QStringLiteral("server-1")))
                    .center();
            QVERIFY(!m_editor->addNode(NodeKind::Monitoring, inServer1).isEmpty());
        });
        QVERIFY(m_doc->data().child(QStringLiteral("server-1"), NodeKind::Monitoring));
    }

    void connect() {
        const QString lb2 = m_editor->addNode(NodeKind::LoadBalancer, {300, 600});
        roundTrip([&] {
            QVERIFY(!m_editor->connectNodes(lb2, QStringLiteral("server-1-web")).isEmpty());
        });
    }

    void removeServerTakesComponentsAndLinks() {
        roundTrip([&] { m_editor->remove({QStringLiteral("server-1")}); });
        QVERIFY(!m_doc->data().node(QStringLiteral("server-1-db")));
        QVERIFY(!m_doc->data().link(QStringLiteral("replication")));
        m_doc->undoStack()->undo();
        roundTrip([&] {
            m_editor->remove({QStringLiteral("replication"), QStringLiteral("dns")});
        });
    }

    void moveMergesOneDrag() {
        roundTrip([&] {
            const int session = m_editor->beginDrag();
            for (int i = 1; i <= 10; ++i)
                m_editor->moveNodes({{QStringLiteral("lb"), QPointF(280 + 10 * i, 200)}}, session);
        });
        QCOMPARE(m_doc->data().node(QStringLiteral("lb"))->position, QPointF(380, 200));
        // A second drag is a second step.
        const int session = m_editor->beginDrag();
        m_editor->moveNodes({{QStringLiteral("lb"), QPointF(0, 0)}}, session);
        QCOMPARE(m_doc->undoStack()->count(), 2);
    }

    void propertyEditsMergeWhileTyping() {
        roundTrip([&] {
            for (const char *typed : {"1", "19", "192", "192.1", "192.168.1.12"})
                m_editor->setNodeProperty(QStringLiteral("server-2"), QStringLiteral("ip"),
                                          QString::fromLatin1(typed));
        });
        QCOMPARE(m_doc->data().node(QStringLiteral("server-2"))->text(QStringLiteral("ip")),
                 QStringLiteral("192.168.1.12"));
        roundTrip([&] {
            QVERIFY(m_editor->setNodeProperty(QStringLiteral("lb"), QStringLiteral("algorithm"),
                                              QStringLiteral("leastconn")));
        });
        roundTrip(
            [&] { QVERIFY(m_editor->setNodeName(QStringLiteral("lb"), QStringLiteral("Edge"))); });
    }

    void invalidValuesAreNotApplied() {
        const QByteArray before = json(m_doc->data());
        QString error;
        QVERIFY(!m_editor->setNodeProperty(QStringLiteral("lb"), QStringLiteral("port"), 70000,
                                           &error));
        QVERIFY(error.contains(QStringLiteral("65535")));
        QVERIFY(!m_editor->setNodeProperty(QStringLiteral("server-2"), QStringLiteral("ip"),
                                           QStringLiteral("192.168.1.10"), &error));
        QVERIFY2(error.contains(QStringLiteral("server-1")), qPrintable(error));
        QVERIFY(!m_editor->setNodeProperty(QStringLiteral("lb"), QStringLiteral("ip"),
                                           QStringLiteral("300.1.1.1"), &error));
        QCOMPARE(json(m_doc->data()), before);
        QCOMPARE(m_doc->undoStack()->count(), 0);
    }

    void linkEdit() {
        roundTrip([&] {
            QVERIFY(m_editor->setLinkProperty(QStringLiteral("lb-server-1"),
                                              QStringLiteral("weight"), 3));
        });
    }

    void pasteAndDuplicateGetFreshNamesAndAddresses() {
        roundTrip([&] {
            const QStringList ids = m_editor->duplicate({QStringLiteral("server-2")});
            QCOMPARE(ids.size(), 1);
            const Node *copy = m_doc->data().node(ids.first());
            QCOMPARE(copy->name, QStringLiteral("Server 3"));
            QCOMPARE(copy->text(QStringLiteral("ip")), QStringLiteral("192.168.1.12"));
            QCOMPARE(m_doc->data().children(copy->id).size(), 4);
        });
        m_editor->copy({QStringLiteral("server-1"), QStringLiteral("lb")});
        QVERIFY(m_editor->canPaste());
        roundTrip([&] { QCOMPARE(m_editor->paste().size(), 2); });
        // The pasted copies keep the links among them (lb -> server-1-web).
        int backends = 0;
        for (const Link &l : m_doc->data().links())
            backends += l.kind == LinkKind::Backend;
        QCOMPARE(backends, 2 + 1);
    }

    void componentCopiedAloneIsPastedIntoTheTargetServer() {
        m_editor->copy({QStringLiteral("server-1-db")});
        QVERIFY(m_editor->canPaste());
        // No server to put it in: nothing changes, and the status bar says why.
        QSignalSpy status(m_editor.get(), &DesignEditor::statusMessage);
        QVERIFY(m_editor->paste().isEmpty());
        QCOMPARE(m_doc->undoStack()->count(), 0);
        QCOMPARE(status.count(), 1);
        QVERIFY(status.first().first().toString().contains(QStringLiteral("server")));

        roundTrip([&] {
            const QStringList ids = m_editor->paste(QStringLiteral("server-2"));
            QCOMPARE(ids.size(), 1);
            const Node *copy = m_doc->data().node(ids.first());
            QVERIFY(copy);
            QCOMPARE(copy->kind, NodeKind::Database);
            QCOMPARE(copy->parent, QStringLiteral("server-2"));
            QCOMPARE(m_doc->data().children(QStringLiteral("server-2")).size(), 5);
            // Below the last part already there, not on top of it.
            QCOMPARE(copy->position.y(),
                     m_doc->data().children(QStringLiteral("server-2")).at(3)->position.y() + 50);
        });
        // Duplicating a component keeps it in its own server.
        roundTrip([&] {
            const QStringList ids = m_editor->duplicate({QStringLiteral("server-1-app")});
            QCOMPARE(ids.size(), 1);
            QCOMPARE(m_doc->data().node(ids.first())->parent, QStringLiteral("server-1"));
        });
    }

    void componentMovesToAnotherServerWithItsLinks() {
        const TopologyData before = m_doc->data();
        roundTrip([&] {
            QString error;
            QVERIFY2(m_editor->moveComponent(QStringLiteral("server-1-app"),
                                             QStringLiteral("server-2"), &error),
                     qPrintable(error));
        });
        const TopologyData &after = m_doc->data();
        QCOMPARE(after.node(QStringLiteral("server-1-app"))->parent, QStringLiteral("server-2"));
        QCOMPARE(after.links(), before.links());
        // Server 1 closed up: its parts are one step apart from the title band down.
        QList<qreal> rows;
        for (const Node *c : after.children(QStringLiteral("server-1")))
            rows.append(c->position.y());
        std::sort(rows.begin(), rows.end());
        QCOMPARE(rows, (QList<qreal>{40, 90, 140}));

        QString error;
        QVERIFY(
            !m_editor->moveComponent(QStringLiteral("server-1-db"), QStringLiteral("lb"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!m_editor->moveComponent(QStringLiteral("server-1"), QStringLiteral("server-2"),
                                         &error));
        QVERIFY(!m_editor->moveComponent(QStringLiteral("server-1-db"), QStringLiteral("server-1"),
                                         &error));
        QCOMPARE(m_doc->undoStack()->index(), 1);
    }

    void alignDistributeAndLayout() {
        roundTrip([&] {
            m_editor->align({QStringLiteral("dns"), QStringLiteral("lb")}, DesignEditor::Edge::Top);
        });
        roundTrip([&] {
            m_editor->distribute(
                {QStringLiteral("dns"), QStringLiteral("lb"), QStringLiteral("server-1")},
                Qt::Horizontal);
        });
        roundTrip([&] {
            QString error;
            QVERIFY2(m_editor->autoLayout(&error), qPrintable(error));
        });
        // Left to right: the client before the load balancer before the servers.
        const TopologyData &d = m_doc->data();
        QVERIFY(d.node(QStringLiteral("user"))->position.x() <
                d.node(QStringLiteral("lb"))->position.x());
        QVERIFY(d.node(QStringLiteral("lb"))->position.x() <
                d.node(QStringLiteral("server-1"))->position.x());
    }

    // Arrange > Tidy Layout on a pile of boxes: one undo step, nothing overlapping after it,
    // the pile back after Undo.
    void tidyLayoutClearsAPile() {
        QHash<QString, QPointF> pile;
        for (const Node &n : m_doc->data().nodes()) {
            if (n.parent.isEmpty())
                pile.insert(n.id, QPointF(40, 40));
        }
        m_editor->moveNodes(pile, 0, QStringLiteral("pile"));
        const QByteArray piled = json(m_doc->data());
        QVERIFY(!LayoutCheck::run(m_doc->data()).isEmpty());
        const int steps = m_doc->undoStack()->count();
        QString error;
        QVERIFY2(m_editor->autoLayout(&error), qPrintable(error));
        QCOMPARE(m_doc->undoStack()->count(), steps + 1);
        QVERIFY(LayoutCheck::run(m_doc->data()).isEmpty());
        m_doc->undoStack()->undo();
        QCOMPARE(json(m_doc->data()), piled);
    }

    void fixes_data() {
        QTest::addColumn<QString>("fixId");
        for (const char *id : {"add-lb-pair", "add-firewall", "enable-https", "add-monitoring",
                               "enable-failover", "add-second-link"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

    void fixes() {
        QFETCH(QString, fixId);
        const Finding f = findingWithFix(fixId);
        QVERIFY2(!f.rule.isEmpty(), "the reference design has this finding");
        roundTrip([&] {
            QString error;
            QVERIFY2(m_editor->applyFix(f, &error), qPrintable(error));
        });
    }
};

QTEST_MAIN(TestUndo)
#include "tst_undo.moc"
