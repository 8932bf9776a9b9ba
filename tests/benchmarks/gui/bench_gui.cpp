// bench_gui: the designer's speed on generated topologies, offscreen.
//   QT_QPA_PLATFORM=offscreen build/gui/bin/bench_gui [nodes]
// 1. open a 1,000-node / 2,000-link file (read + model + canvas items + fit), goal < 1 s;
// 2. pan and zoom frame time at 1600x1000 (rendering the view into an image), goal < 16.7 ms,
//    and the smooth frame drawn once the view stops;
// 3. analysis plus badge update after one edit at 500 nodes, goal < 16 ms.
#include "analysis/analyzer.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "findings/analysisrunner.h"
#include "io/topologyfile.h"
#include "model/designaddress.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <cmath>

using namespace infrastage;
using namespace infrastage::gui;

namespace {

// Servers of five nodes each (host, Nginx, app, files, database) behind three load balancers,
// primary/replica pairs, and network links between neighbouring servers to reach `links`.
TopologyData generate(int nodes, int links) {
    TopologyData t;
    t.name = QStringLiteral("generated");
    Node client = makeNode(NodeKind::Client, QStringLiteral("user"));
    t.appendNode(client);
    Node dns = makeNode(NodeKind::Dns, QStringLiteral("dns"));
    dns.position = {0, -200};
    t.appendNode(dns);
    QStringList lbs;
    for (int i = 0; i < 3; ++i) {
        Node lb = makeNode(NodeKind::LoadBalancer, QStringLiteral("lb-%1").arg(i));
        lb.properties.insert(QStringLiteral("ip"), QStringLiteral("8.8.8.%1").arg(10 + i));
        lb.position = {300, 200.0 * i};
        t.appendNode(lb);
        lbs.append(lb.id);
        t.appendLink(makeLink(LinkKind::DnsRecord, QStringLiteral("dns-%1").arg(i), dns.id, lb.id));
        t.appendLink(
            makeLink(LinkKind::Network, QStringLiteral("net-%1").arg(i), client.id, lb.id));
    }
    const int servers = (nodes - int(t.nodes().size())) / 5;
    const int columns = std::max(1, int(std::sqrt(double(servers))));
    for (int s = 0; s < servers; ++s) {
        const QString id = QStringLiteral("s%1").arg(s);
        Node server = makeNode(NodeKind::Server, id, QStringLiteral("Server %1").arg(s + 1));
        server.properties.insert(QStringLiteral("ip"), formatIPv4(0x0a000000u + 10 + s));
        server.position = {700.0 + 280 * (s % columns), 300.0 * (s / columns)};
        t.appendNode(server);
        const NodeKind kinds[] = {NodeKind::Web, NodeKind::App, NodeKind::Files,
                                  NodeKind::Database};
        for (int k = 0; k < 4; ++k) {
            Node c = makeNode(kinds[k], id + QLatin1Char('-') + nodeKindName(kinds[k]));
            c.parent = id;
            c.position = {10, 40.0 + 50 * k};
            if (kinds[k] == NodeKind::Database)
                c.properties.insert(QStringLiteral("role"),
                                    s % 2 ? QStringLiteral("replica") : QStringLiteral("primary"));
            t.appendNode(c);
        }
        t.appendLink(makeLink(LinkKind::Upstream, id + QStringLiteral("-up"),
                              id + QStringLiteral("-web"), id + QStringLiteral("-app")));
        t.appendLink(makeLink(LinkKind::Data, id + QStringLiteral("-data"),
                              id + QStringLiteral("-app"), id + QStringLiteral("-database")));
        t.appendLink(makeLink(LinkKind::Backend, id + QStringLiteral("-be"), lbs.at(s % 3),
                              id + QStringLiteral("-web")));
        if (s % 2)
            t.appendLink(makeLink(LinkKind::Replication, id + QStringLiteral("-repl"),
                                  QStringLiteral("s%1-database").arg(s - 1),
                                  id + QStringLiteral("-database")));
    }
    // Network links between neighbours on the grid: right, below, then further along a row.
    for (int i = 0; int(t.links().size()) < links; ++i) {
        const int a = i % servers;
        const int round = i / servers;
        const int b = round == 0 ? a + 1 : round == 1 ? a + columns : a + round;
        if (b >= servers)
            continue;
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("mesh-%1").arg(i),
                              QStringLiteral("s%1").arg(a), QStringLiteral("s%1").arg(b)));
    }
    return t;
}

struct Stats {
    double mean = 0, p95 = 0, max = 0;
};

Stats stats(QList<double> ms) {
    std::sort(ms.begin(), ms.end());
    Stats s;
    for (double v : ms)
        s.mean += v;
    s.mean /= ms.size();
    s.p95 = ms.at(int(ms.size() * 0.95) < ms.size() ? int(ms.size() * 0.95) : ms.size() - 1);
    s.max = ms.last();
    return s;
}

double elapsedMs(const QElapsedTimer &t) {
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const int nodes = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 1000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("generated.infra.json"));
    const TopologyData generated = generate(nodes, nodes * 2);
    QString error;
    if (!TopologyFile::save(path, generated, &error)) {
        out << "cannot write the generated topology: " << error << "\n";
        return 1;
    }
    out << "topology: " << generated.nodes().size() << " nodes, " << generated.links().size()
        << " links\n";

    // 1. Open: read, validate, model reset, every canvas item, fit.
    Document doc;
    DiagramScene scene(doc.topology());
    DiagramView view(&scene);
    view.resize(1600, 1000);
    QList<double> opens;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        if (!doc.load(path, &error)) {
            out << error << "\n";
            return 1;
        }
        view.fitContent();
        opens.append(elapsedMs(t));
    }
    const Stats open = stats(opens);
    out << QStringLiteral("open 1000 nodes: mean %1 ms, max %2 ms (goal < 1000 ms)\n")
               .arg(open.mean, 0, 'f', 1)
               .arg(open.max, 0, 'f', 1);

    // 2. Frames: render the view into an image after each pan or zoom step.
    QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    auto frameTimes = [&](qreal zoom, int steps, bool zooming) {
        view.setZoom(zoom);
        view.centerOn(scene.contentBounds().center());
        QList<double> times;
        for (int i = 0; i < steps; ++i) {
            QElapsedTimer t;
            t.start();
            if (zooming)
                view.setZoom(zoom * (1 + 0.02 * (i % 10)));
            else
                view.centerOn(view.mapToScene(view.viewport()->rect().center()) + QPointF(15, 8));
            QPainter p(&frame);
            view.render(&p);
            p.end();
            times.append(elapsedMs(t));
        }
        return stats(times);
    };
    view.fitContent();
    const qreal fit = view.zoom();
    for (auto [label, zoom, zooming] :
         {std::tuple{"pan, whole design in view", fit, false},
          std::tuple{"zoom, whole design in view", fit, true},
          std::tuple{"pan at 100%", 1.0, false}, std::tuple{"zoom at 100%", 1.0, true}}) {
        const Stats s = frameTimes(zoom, 60, zooming);
        out << QStringLiteral("%1 (zoom %2): mean %3 ms, p95 %4 ms per frame (%5 fps; goal 60)\n")
                   .arg(QString::fromLatin1(label))
                   .arg(zoom, 0, 'f', 2)
                   .arg(s.mean, 0, 'f', 2)
                   .arg(s.p95, 0, 'f', 2)
                   .arg(1000.0 / s.mean, 0, 'f', 0);
    }
    // The frames above are drawn while the view moves (links without antialiasing); once it
    // stops, one smooth frame is drawn.
    QList<double> still;
    for (int i = 0; i < 20; ++i) {
        view.setZoom(1.0);
        QTest::qWait(200); // the view settles
        QElapsedTimer t;
        t.start();
        QPainter p(&frame);
        view.render(&p);
        p.end();
        still.append(elapsedMs(t));
    }
    const Stats settled = stats(still);
    out << QStringLiteral("still frame at 100% after moving (smooth): mean %1 ms, p95 %2 ms\n")
               .arg(settled.mean, 0, 'f', 2)
               .arg(settled.p95, 0, 'f', 2);

    // 3. Analysis + badges after an edit, at 500 nodes.
    Document small;
    small.reset(generate(500, 1000));
    DiagramScene smallScene(small.topology());
    DesignEditor editor(small.topology(), small.undoStack());
    AnalysisRunner runner(small.topology());
    QObject::connect(&runner, &AnalysisRunner::findingsChanged, &smallScene,
                     &DiagramScene::setFindings);
    runner.runNow(true);
    QList<double> edits, analysis, badges;
    for (int i = 0; i < 30; ++i) {
        editor.setNodeProperty(QStringLiteral("lb-0"), QStringLiteral("tls"), i % 2 == 0);
        QElapsedTimer t;
        t.start();
        runner.runNow();
        edits.append(elapsedMs(t));
        t.restart();
        const Findings f = analyzeTopology(small.data());
        analysis.append(elapsedMs(t));
        t.restart();
        smallScene.setFindings(f);
        badges.append(elapsedMs(t));
    }
    const Stats e = stats(edits);
    out << QStringLiteral("analysis + badges after an edit, 500 nodes: mean %1 ms, p95 %2 ms "
                          "(goal < 16 ms; %3 findings)\n")
               .arg(e.mean, 0, 'f', 2)
               .arg(e.p95, 0, 'f', 2)
               .arg(runner.findings().size());
    out << QStringLiteral("  of which analysis %1 ms, badges %2 ms (means)\n")
               .arg(stats(analysis).mean, 0, 'f', 2)
               .arg(stats(badges).mean, 0, 'f', 2);
    return 0;
}
