// DiagramRenderer: the canvas drawing without a window, for exports (PNG, SVG).
#include "analysis/analyzer.h"
#include "canvas/diagramrenderer.h"
#include "canvas/diagramscene.h"
#include "canvas/nodeitem.h"
#include "guitestsupport.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

class TestRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersTheReferenceDesignToAnImage() {
        const TopologyData data = example("three-server");
        DiagramRenderer renderer(data);
        const QRectF bounds = renderer.bounds();
        // Every node is inside what is drawn.
        for (const QString &id : {QStringLiteral("user"), QStringLiteral("dns"),
                                  QStringLiteral("lb"), QStringLiteral("server-2-db")})
            QVERIFY(bounds.contains(renderer.scene()->nodeItem(id)->sceneBoundingRect()));
        const QImage image = renderer.toImage(2.0);
        QCOMPARE(image.size(), (bounds.size() * 2).toSize());
        // Not a blank page: the load balancer's blue icon tile is there.
        const QRectF lb = renderer.scene()->nodeItem(QStringLiteral("lb"))->sceneBoundingRect();
        int blue = 0;
        for (int x = int((lb.left() - bounds.left()) * 2);
             x < int((lb.right() - bounds.left()) * 2); ++x) {
            const QColor c = image.pixelColor(x, int((lb.center().y() - bounds.top()) * 2));
            blue += c.blue() > 150 && c.red() < 80;
        }
        QVERIFY(blue > 10);
    }

    void badgesAppearWithFindings() {
        const TopologyData data = example("three-server");
        DiagramRenderer renderer(data);
        QVERIFY(!renderer.scene()->nodeItem(QStringLiteral("lb"))->hasBadge());
        renderer.setFindings(analyzeTopology(data));
        QVERIFY(renderer.scene()->nodeItem(QStringLiteral("lb"))->hasBadge());
    }

    void rendersVectorSvg() {
        DiagramRenderer renderer(example("three-server"));
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(renderer.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), renderer.size()));
        QPainter p(&svg);
        renderer.render(&p, QRectF(QPointF(0, 0), renderer.size()));
        p.end();
        const QByteArray bytes = buffer.data();
        QVERIFY(bytes.contains("<svg"));
        QVERIFY(bytes.contains("HAProxy Load Balancer"));
        QVERIFY(!bytes.contains("<image")); // icons stay vector, no embedded bitmaps
    }
};

QTEST_MAIN(TestRenderer)
#include "tst_renderer.moc"
