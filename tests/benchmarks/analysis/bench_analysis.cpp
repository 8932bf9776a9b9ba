// Benchmark: analysis of a generated topology (default 10,000 nodes). Not a test; prints figures.
//   bench_analysis [NODES] [--write FILE.infra.json]
#include "analysis/analyzer.h"
#include "io/jsonformat.h"
#include "model/topologydata.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>

using namespace infrastage;

namespace {

QString ip(int a, int b, int c, int d) {
    return QStringLiteral("%1.%2.%3.%4").arg(a).arg(b).arg(c).arg(d);
}

// Load balancers in front of pools of servers; each server runs Nginx, an application server,
// its files and a database; every ten servers form a replication group whose primary takes the
// group's writes while each server reads its local copy.
TopologyData generate(int targetNodes) {
    TopologyData t;
    t.name = QStringLiteral("Generated %1-node topology").arg(targetNodes);
    t.appendNode(makeNode(NodeKind::Client, QStringLiteral("user")));
    for (int i = 0; i < 2; ++i) {
        Node dns = makeNode(NodeKind::Dns, QStringLiteral("ns%1").arg(i));
        dns.properties[QStringLiteral("ip")] = ip(9, 9, 9, i + 1);
        t.appendNode(dns);
    }
    const int servers = std::max(1, (targetNodes - 3) / 5 - (targetNodes / 1000));
    const int pools = std::max(1, targetNodes / 1000);
    QStringList lbs;
    for (int p = 0; p < pools; ++p) {
        Node lb = makeNode(NodeKind::LoadBalancer, QStringLiteral("lb%1").arg(p));
        lb.properties[QStringLiteral("ip")] = ip(8, 8, p / 250, p % 250 + 1);
        t.appendNode(lb);
        lbs.append(lb.id);
        for (int i = 0; i < 2; ++i)
            t.appendLink(makeLink(LinkKind::DnsRecord, QStringLiteral("rec%1-%2").arg(p).arg(i),
                                  QStringLiteral("ns%1").arg(i), lb.id));
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("uplink%1").arg(p),
                              QStringLiteral("user"), lb.id));
    }
    QString primary;
    for (int s = 0; s < servers; ++s) {
        const QString id = QStringLiteral("s%1").arg(s);
        Node server = makeNode(NodeKind::Server, id);
        server.properties[QStringLiteral("ip")] = ip(10, s / 65536, (s / 256) % 256, s % 256);
        t.appendNode(server);
        const QStringList parts{QStringLiteral("web"), QStringLiteral("app"),
                                QStringLiteral("files"), QStringLiteral("database")};
        for (const QString &kind : parts) {
            NodeKind k;
            nodeKindFromName(kind, &k);
            Node c = makeNode(k, id + QLatin1Char('-') + kind);
            c.parent = id;
            if (k == NodeKind::Database && s % 10 != 0)
                c.properties[QStringLiteral("role")] = QStringLiteral("replica");
            t.appendNode(c);
        }
        if (s % 10 == 0)
            primary = id + QStringLiteral("-database");
        else
            t.appendLink(makeLink(LinkKind::Replication, id + QStringLiteral("-repl"), primary,
                                  id + QStringLiteral("-database")));
        t.appendLink(makeLink(LinkKind::Backend, id + QStringLiteral("-be"), lbs.at(s % pools),
                              id + QStringLiteral("-web")));
        t.appendLink(makeLink(LinkKind::Upstream, id + QStringLiteral("-up"),
                              id + QStringLiteral("-web"), id + QStringLiteral("-app")));
        Link read = makeLink(LinkKind::Data, id + QStringLiteral("-read"),
                             id + QStringLiteral("-app"), id + QStringLiteral("-database"));
        if (s % 10 != 0) {
            read.properties[QStringLiteral("access")] = QStringLiteral("read");
            Link write = makeLink(LinkKind::Data, id + QStringLiteral("-write"),
                                  id + QStringLiteral("-app"), primary);
            write.properties[QStringLiteral("access")] = QStringLiteral("write");
            t.appendLink(write);
        }
        t.appendLink(read);
    }
    return t;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int nodes =
        args.size() > 1 && !args.at(1).startsWith(QLatin1Char('-')) ? args.at(1).toInt() : 10000;
    const TopologyData t = generate(nodes);
    const int writeAt = int(args.indexOf(QStringLiteral("--write")));
    if (writeAt > 0 && writeAt + 1 < args.size()) {
        QFile f(args.at(writeAt + 1));
        if (f.open(QIODevice::WriteOnly))
            f.write(JsonFormat::write(t));
    }
    QList<double> ms;
    Findings findings;
    for (int run = 0; run < 7; ++run) {
        QElapsedTimer timer;
        timer.start();
        findings = analyzeTopology(t);
        ms.append(timer.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("topology: %lld nodes, %lld links\n", qint64(t.nodes().size()),
                qint64(t.links().size()));
    std::printf("findings: %lld\n", qint64(findings.size()));
    std::printf("analysis: median %.1f ms, best %.1f ms, worst %.1f ms (7 runs)\n", ms.at(3),
                ms.first(), ms.last());
    return 0;
}
