// The canvas: dropping from the palette, components joining servers, linking by dragging.
#include "analysis/analyzer.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "canvas/linkitem.h"
#include "canvas/nodeitem.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "guitestsupport.h"
#include "mainwindow.h"
#include "model/linkroute.h"
#include "model/nodegeometry.h"
#include "model/topology.h"

#include <QImage>
#include <QMimeData>
#include <QPainter>
#include <QStatusBar>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

class TestCanvas : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    void dropKind(NodeKind kind, const QPoint &viewportPos) {
        QWidget *viewport = m_window->view()->viewport();
        QMimeData mime;
        mime.setData(DiagramView::paletteMimeType(), nodeKindName(kind).toUtf8());
        QDragEnterEvent enter(viewportPos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QDragMoveEvent move(viewportPos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
        QDropEvent drop(QPointF(viewportPos), Qt::CopyAction, &mime, Qt::LeftButton,
                        Qt::NoModifier);
        QApplication::sendEvent(viewport, &drop);
    }

    QPoint viewportPoint(const QPointF &scenePos) const {
        return m_window->view()->mapFromScene(scenePos);
    }

    QPoint handleOf(const QString &id) const {
        NodeItem *item = m_window->scene()->nodeItem(id);
        return viewportPoint(item->mapToScene(item->handleRect().center()));
    }

    QPoint centreOf(const QString &id) const {
        NodeItem *item = m_window->scene()->nodeItem(id);
        return viewportPoint(item->mapToScene(QRectF(QPointF(0, 0), item->size()).center()));
    }

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_window->files(); // no prompts in tests
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->view()->setZoom(1);
        m_window->view()->centerOn(0, 0);
    }

    void cleanup() {
        m_window->document()->undoStack()->setClean();
        m_window.reset();
    }

    void dropFromPaletteCreatesNodeAtDropPosition_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("load balancer") << int(NodeKind::LoadBalancer);
        QTest::newRow("server") << int(NodeKind::Server);
        QTest::newRow("client") << int(NodeKind::Client);
        QTest::newRow("note") << int(NodeKind::Note);
    }

    void dropFromPaletteCreatesNodeAtDropPosition() {
        QFETCH(int, kind);
        const QPoint at(300, 260);
        const QPointF scenePos = m_window->view()->mapToScene(at);
        dropKind(NodeKind(kind), at);
        const TopologyData &data = m_window->document()->data();
        QCOMPARE(data.nodes().first().kind, NodeKind(kind));
        const Node &n = data.nodes().first();
        const QRectF rect = NodeGeometry::sceneRect(data, n);
        // Centred on the drop point, within the grid snap.
        QVERIFY2(
            rect.contains(scenePos),
            qPrintable(QStringLiteral("%1,%2 not in node").arg(scenePos.x()).arg(scenePos.y())));
        QVERIFY(qAbs(rect.center().x() - scenePos.x()) <= NodeGeometry::kGrid);
        QVERIFY(qAbs(rect.center().y() - scenePos.y()) <= NodeGeometry::kGrid);
        QVERIFY(m_window->scene()->nodeItem(n.id));
        if (NodeKind(kind) == NodeKind::Server) {
            QCOMPARE(data.children(n.id).size(), 3); // Nginx, application server, files
            QVERIFY(data.child(n.id, NodeKind::Web));
        }
    }

    void databaseDroppedIntoServerBecomesItsComponent() {
        dropKind(NodeKind::Server, QPoint(400, 300));
        const QString server = m_window->document()->data().nodes().first().id;
        const QRectF box = NodeGeometry::sceneRect(m_window->document()->data(),
                                                   *m_window->document()->data().node(server));
        dropKind(NodeKind::Database, viewportPoint(box.center()));
        const TopologyData &data = m_window->document()->data();
        const Node *db = data.child(server, NodeKind::Database);
        QVERIFY(db);
        QCOMPARE(db->text(QStringLiteral("role")), QStringLiteral("primary"));
        // The box grew to hold it.
        QVERIFY(NodeGeometry::sceneRect(data, *data.node(server)).height() > box.height());
        QCOMPARE(m_window->scene()->nodeItem(db->id)->parentItem(),
                 m_window->scene()->nodeItem(server));
    }

    void databaseOutsideAServerIsRefused() {
        dropKind(NodeKind::Database, QPoint(200, 200));
        QVERIFY(m_window->document()->data().nodes().isEmpty());
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("server")));
    }

    void connectByDraggingCreatesTheRightLinkKind() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(0.6);
        m_window->view()->centerOn(450, 250);
        DesignEditor *editor = m_window->editor();
        // A second load balancer, linked to a server by dragging from its handle.
        const QString lb2 = editor->addNode(NodeKind::LoadBalancer, QPointF(400, 520));
        const int links = int(m_window->document()->data().links().size());
        drag(m_window->view()->viewport(), handleOf(lb2), centreOf(QStringLiteral("server-2-web")));
        const TopologyData &data = m_window->document()->data();
        QCOMPARE(data.links().size(), links + 1);
        const Link &l = data.links().last();
        QCOMPARE(l.kind, LinkKind::Backend);
        QCOMPARE(l.from, lb2);
        QCOMPARE(l.to, QStringLiteral("server-2-web"));
        QVERIFY(m_window->scene()->linkItem(l.id));
        QVERIFY(!m_window->scene()->linkItem(l.id)->path().isEmpty());

        // Primary to replica database: replication.
        drag(m_window->view()->viewport(), handleOf(QStringLiteral("server-1-db")),
             centreOf(QStringLiteral("server-2-db")));
        // Already linked by replication in the example: refused, nothing added.
        QCOMPARE(m_window->document()->data().links().size(), links + 1);
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("already")));

        // A web server to another server's application server: upstream.
        drag(m_window->view()->viewport(), handleOf(QStringLiteral("server-1-web")),
             centreOf(QStringLiteral("server-2-app")));
        QCOMPARE(m_window->document()->data().links().size(), links + 2);
        QCOMPARE(m_window->document()->data().links().last().kind, LinkKind::Upstream);
    }

    void impossibleLinkIsRefusedWithAStatusMessage() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(0.6);
        m_window->view()->centerOn(450, 250);
        const int links = int(m_window->document()->data().links().size());
        // A browser cannot talk to a database directly.
        drag(m_window->view()->viewport(), handleOf(QStringLiteral("user")),
             centreOf(QStringLiteral("server-1-db")));
        QCOMPARE(m_window->document()->data().links().size(), links);
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Link refused")));
        QVERIFY(!m_window->document()->isModified());
    }

    // The canvas routes links from its items' boxes; the layout check from the model. They
    // must agree, when a design opens and after an edit that resizes a server.
    void linksAreDrawnWhereTheLayoutCheckSeesThem_data() {
        QTest::addColumn<QString>("name");
        for (const char *name : {"one-server", "three-server", "secured-monitored", "scale-up"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void linksAreDrawnWhereTheLayoutCheckSeesThem() {
        QFETCH(QString, name);
        m_window->document()->reset(example(qPrintable(name)));
        auto compareRoutes = [this](const char *when) {
            const TopologyData &data = m_window->document()->data();
            for (const Link &l : data.links()) {
                const LinkRoute want = LinkRoute::of(data, l);
                const LinkRoute &drawn = m_window->scene()->linkItem(l.id)->route();
                for (int i = 0; i < 4; ++i)
                    QVERIFY2(drawn.curve[i] == want.curve[i],
                             qPrintable(QStringLiteral("%1, link %2").arg(when, l.id)));
                QVERIFY2(drawn.labelRect == want.labelRect,
                         qPrintable(QStringLiteral("%1, label of %2").arg(when, l.id)));
            }
        };
        compareRoutes("opened");
        if (QTest::currentTestFailed())
            return;
        // Move a database row into another server: both servers change height.
        const TopologyData &data = m_window->document()->data();
        const Node *db = nullptr;
        const Node *other = nullptr;
        for (const Node &n : data.nodes()) {
            if (!db && n.kind == NodeKind::Database && !n.parent.isEmpty())
                db = &n;
        }
        for (const Node &n : data.nodes()) {
            if (db && n.kind == NodeKind::Server && n.id != db->parent)
                other = &n;
        }
        if (!db || !other)
            return;
        QString error;
        QVERIFY2(m_window->editor()->moveComponent(db->id, other->id, &error), qPrintable(error));
        compareRoutes("after moving a database");
    }

    void draggingANodeMovesItInOneUndoStep() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(1);
        m_window->view()->centerOn(400, 250);
        const QPointF before = m_window->document()->data().node(QStringLiteral("lb"))->position;
        const QPoint start = centreOf(QStringLiteral("lb"));
        drag(m_window->view()->viewport(), start, start + QPoint(80, 60));
        const QPointF after = m_window->document()->data().node(QStringLiteral("lb"))->position;
        QCOMPARE(after, before + QPointF(80, 60));
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
        m_window->document()->undoStack()->undo();
        QCOMPARE(m_window->document()->data().node(QStringLiteral("lb"))->position, before);
        QCOMPARE(m_window->scene()->nodeItem(QStringLiteral("lb"))->pos(), before);
    }

    void draggingADatabaseOntoAnotherServerMovesIt() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(0.6);
        m_window->view()->centerOn(450, 250);
        const QString db = QStringLiteral("server-1-db");
        QWidget *vp = m_window->view()->viewport();
        // Select it first (a click), then drag it onto Server 2's title band.
        const QPoint from = centreOf(db);
        sendMouse(vp, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        sendMouse(vp, QEvent::MouseButtonRelease, from, Qt::LeftButton, Qt::NoButton);
        const QRectF server2 = NodeGeometry::sceneRect(
            m_window->document()->data(), *m_window->document()->data().node("server-2"));
        drag(vp, from, viewportPoint(server2.topLeft() + QPointF(server2.width() / 2, 15)));
        const TopologyData &data = m_window->document()->data();
        QCOMPARE(data.node(db)->parent, QStringLiteral("server-2"));
        QCOMPARE(m_window->scene()->nodeItem(db)->parentItem(),
                 m_window->scene()->nodeItem(QStringLiteral("server-2")));
        QCOMPARE(m_window->document()->undoStack()->count(), 1);
        m_window->document()->undoStack()->undo();
        QCOMPARE(m_window->document()->data().node(db)->parent, QStringLiteral("server-1"));
        QCOMPARE(m_window->scene()->nodeItem(db)->parentItem(),
                 m_window->scene()->nodeItem(QStringLiteral("server-1")));
    }

    void componentDroppedOutsideAServerStays() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(0.6);
        m_window->view()->centerOn(450, 250);
        const QString app = QStringLiteral("server-2-app");
        const QPointF before = m_window->scene()->nodeItem(app)->pos();
        QWidget *vp = m_window->view()->viewport();
        const QPoint from = centreOf(app);
        sendMouse(vp, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        sendMouse(vp, QEvent::MouseButtonRelease, from, Qt::LeftButton, Qt::NoButton);
        drag(vp, from, viewportPoint(QPointF(300, 650)));
        QCOMPARE(m_window->document()->data().node(app)->parent, QStringLiteral("server-2"));
        QCOMPARE(m_window->scene()->nodeItem(app)->pos(), before);
        QVERIFY(!m_window->document()->isModified());
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("stays in")),
                 qPrintable(m_window->statusBar()->currentMessage()));
    }

    void linksAreSmoothAgainOnceTheViewStops() {
        m_window->document()->reset(example("three-server"));
        DiagramView *view = m_window->view();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isMoving(), 5000);
        // Only links are drawn, so the two renderings differ by their antialiasing alone.
        for (QGraphicsItem *item : m_window->scene()->items())
            item->setVisible(item->type() == LinkItem::Type);
        auto shades = [view] {
            QImage image(view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            QPainter painter(&image);
            view->render(&painter);
            painter.end();
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    colours.insert(image.pixel(x, y));
            return colours.size();
        };
        view->zoomBy(1.25);
        view->centerOn(500, 250);
        QVERIFY(view->isMoving());
        const auto moving = shades();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isMoving(), 5000);
        const auto still = shades();
        QVERIFY2(still > 2 * moving, qPrintable(QStringLiteral("%1 %2").arg(still).arg(moving)));
    }

    // The add-second-link fix draws ISP B between the same two boxes as ISP A: the two links
    // and their labels lie side by side, not on top of each other; undone, ISP A is drawn
    // where it was.
    void parallelLinksAreDrawnSideBySide() {
        m_window->document()->reset(example("secured-monitored"));
        DiagramScene *scene = m_window->scene();
        const QString isp = QStringLiteral("internet");
        const QPainterPath alone = scene->linkItem(isp)->path();
        Finding single;
        for (const Finding &f : analyzeTopology(m_window->document()->data())) {
            if (f.fixId == QLatin1String("add-second-link") && f.nodes.contains(isp))
                single = f;
        }
        QVERIFY(m_window->editor()->applyFix(single));
        const Link second = *m_window->document()->data().link(QStringLiteral("internet-2"));
        QCOMPARE(second.from, QStringLiteral("user"));
        QCOMPARE(second.to, QStringLiteral("fw-edge"));
        const LinkItem *a = scene->linkItem(isp);
        const LinkItem *b = scene->linkItem(second.id);
        QVERIFY(a && b);
        const QPointF midA = a->path().pointAtPercent(0.5), midB = b->path().pointAtPercent(0.5);
        QVERIFY2(QLineF(midA, midB).length() >= 15, qPrintable(QStringLiteral("%1,%2 and %3,%4")
                                                                   .arg(midA.x())
                                                                   .arg(midA.y())
                                                                   .arg(midB.x())
                                                                   .arg(midB.y())));
        // Both still join the two boxes, and the labels (ISP A, ISP B) do not overlap.
        const QRectF user = scene->nodeItem(QStringLiteral("user"))->sceneBoundingRect();
        for (const LinkItem *l : {a, b})
            QVERIFY(user.adjusted(-2, -2, 2, 2).contains(l->path().pointAtPercent(0)));
        // The routes the layout check reads are the ones drawn.
        const TopologyData &data = m_window->document()->data();
        const LinkRoute routeA = LinkRoute::of(data, *data.link(isp));
        const LinkRoute routeB = LinkRoute::of(data, second);
        QCOMPARE(routeA.curve[3], a->path().pointAtPercent(1));
        QCOMPARE(routeB.curve[3], b->path().pointAtPercent(1));
        QCOMPARE(routeB.label, QStringLiteral("ISP B"));
        QVERIFY(!routeA.labelRect.isEmpty() && !routeA.labelRect.intersects(routeB.labelRect));
        m_window->document()->undoStack()->undo();
        QVERIFY(!scene->linkItem(second.id));
        QCOMPARE(scene->linkItem(isp)->path(), alone);
    }

    void rubberBandSelectsNodes() {
        m_window->document()->reset(example("three-server"));
        m_window->view()->setZoom(0.5);
        m_window->view()->centerOn(450, 250);
        QWidget *vp = m_window->view()->viewport();
        drag(vp, viewportPoint(QPointF(-40, -40)), viewportPoint(QPointF(520, 320)));
        const QStringList selected = m_window->scene()->selectedNodeIds();
        QVERIFY(selected.contains(QStringLiteral("dns")));
        QVERIFY(selected.contains(QStringLiteral("lb")));
        QVERIFY(selected.contains(QStringLiteral("user")));
        QVERIFY(!selected.contains(QStringLiteral("server-2")));
    }
};

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
