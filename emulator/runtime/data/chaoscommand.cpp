// infrastage-cli chaos FILE [--format text|json] [--seconds S]
// Fails each node in turn (a server: all of its components) under load and measures the
// availability of the read path (GET /api/guestbook through the load balancer) and the write
// path (POST /api/guestbook) while it is down: an empirical SPOF table, printed beside the
// static analysis's spof.* findings.
#include "cli/command.h"
#include "dnsresolver.h"
#include "orchestrator.h"

#include "analysis/analyzer.h"
#include "io/topologyfile.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>

namespace infrastage::cli {

namespace {

using runtime::Fault;
using runtime::FaultKind;
using runtime::Orchestrator;

// One HTTP exchange (Connection: close) with the event loop running, so the orchestrator keeps
// reading its nodes meanwhile. True for a 2xx answer within the timeout.
bool exchange(const QString &address, int port, const QByteArray &request, int timeoutMs) {
    QTcpSocket s;
    QEventLoop loop;
    QByteArray answer;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(&s, &QTcpSocket::connected, &loop, [&] { s.write(request); });
    QObject::connect(&s, &QTcpSocket::readyRead, &loop, [&] { answer += s.readAll(); });
    QObject::connect(&s, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&s, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
    s.connectToHost(address, quint16(port));
    loop.exec();
    return answer.startsWith("HTTP/1.1 2");
}

// A new visitor resolves the name first (an existing one would still have it cached for the
// record's TTL): a probe counts only if the DNS server answered.
bool resolves(const runtime::NodeInfo &dns, int timeoutMs) {
    if (dns.node.isEmpty())
        return true; // no DNS in the design: clients use the address directly
    runtime::DnsResolver resolver;
    QEventLoop loop;
    bool ok = false;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(&resolver, &runtime::DnsResolver::resolved, &loop,
                     [&](const dns::Response &r, qint64) {
                         ok = r.rcode == 0 && !r.answers.isEmpty();
                         loop.quit();
                     });
    QObject::connect(&resolver, &runtime::DnsResolver::failed, &loop, &QEventLoop::quit);
    resolver.resolve(dns.address, dns.port, "www.foobar.com", 1);
    loop.exec();
    return ok;
}

bool waitFor(Orchestrator &o, bool started, int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    QObject::connect(&o, started ? &Orchestrator::started : &Orchestrator::stopped, &loop,
                     &QEventLoop::quit);
    QObject::connect(&o, &Orchestrator::startFailed, &loop, &QEventLoop::quit);
    loop.exec();
    return started ? o.state() == runtime::RuntimeState::Running
                   : o.state() == runtime::RuntimeState::Stopped;
}

struct Row {
    QString node;
    double read = -1, write = -1;
    QStringList rules;
};

Row measure(const TopologyData &topology, const QString &target, int seconds) {
    Row row{target, -1, -1, {}};
    Orchestrator o;
    QString error;
    Orchestrator::Options options;
    options.record = false;
    o.setOptions(options);
    if (!o.start(topology, &error) || !waitFor(o, true, 20000)) {
        std::fprintf(stderr, "chaos: %s: the topology did not start: %s\n", qPrintable(target),
                     qPrintable(o.failureReason()));
        return row;
    }
    QString lbId, dnsId;
    for (const Node &n : topology.nodes()) {
        if (n.kind == NodeKind::LoadBalancer && lbId.isEmpty())
            lbId = n.id;
        if (n.kind == NodeKind::Dns && dnsId.isEmpty())
            dnsId = n.id;
    }
    const runtime::NodeInfo dnsNode = dnsId.isEmpty() ? runtime::NodeInfo() : o.node(dnsId);
    const runtime::NodeInfo lb = o.node(lbId);
    const QByteArray body = R"({"author":"chaos","message":"probe"})";
    const QByteArray get =
        "GET /api/guestbook HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n";
    const QByteArray post =
        "POST /api/guestbook HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nContent-Length: " +
        QByteArray::number(body.size()) + "\r\n\r\n" + body;
    exchange(lb.address, lb.port, post, 2000); // creates the table before the failure
    QStringList victims{target};
    if (topology.node(target)->kind == NodeKind::Server) {
        victims.clear();
        for (const runtime::NodeInfo &n : o.nodes()) {
            const Node *m = topology.node(n.node);
            if (m && m->parent == target)
                victims.append(n.node);
        }
    }
    for (const QString &v : std::as_const(victims))
        o.inject(Fault{FaultKind::Kill, v, {}, 0, 0.0}, &error);
    QElapsedTimer t;
    t.start();
    int reads = 0, readOk = 0, writes = 0, writeOk = 0;
    // Reads and writes in pairs, so a round-robin balancer sends each kind to every server.
    while (t.elapsed() < seconds * 1000) {
        for (int k = 0; k < 2; ++k) {
            ++reads;
            readOk += resolves(dnsNode, 1000) && exchange(lb.address, lb.port, get, 1000);
        }
        for (int k = 0; k < 2; ++k) {
            ++writes;
            writeOk += resolves(dnsNode, 1000) && exchange(lb.address, lb.port, post, 1000);
        }
    }
    row.read = reads ? double(readOk) / reads : 0;
    row.write = writes ? double(writeOk) / writes : 0;
    o.stop();
    waitFor(o, false, 10000);
    return row;
}

int runChaos(const QStringList &args) {
    QString file, format = QStringLiteral("text");
    int seconds = 3;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--format") && i + 1 < args.size())
            format = args.at(++i);
        else if (args.at(i) == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = qMax(1, args.at(++i).toInt());
        else if (!args.at(i).startsWith(QLatin1Char('-')) && file.isEmpty())
            file = args.at(i);
        else {
            std::fprintf(stderr,
                         "usage: infrastage-cli chaos FILE [--format text|json] [--seconds S]\n");
            return ExitBadInput;
        }
    }
    TopologyData topology;
    QString error;
    if (file.isEmpty() || (format != QLatin1String("text") && format != QLatin1String("json"))) {
        std::fprintf(stderr,
                     "usage: infrastage-cli chaos FILE [--format text|json] [--seconds S]\n");
        return ExitBadInput;
    }
    if (!TopologyFile::load(file, &topology, &error)) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    const Findings findings = analyzeTopology(topology);
    QList<Row> rows;
    for (const Node &n : topology.nodes()) {
        static const QList<NodeKind> kinds{NodeKind::Dns,    NodeKind::LoadBalancer,
                                           NodeKind::Server, NodeKind::Web,
                                           NodeKind::App,    NodeKind::Database};
        if (!kinds.contains(n.kind))
            continue;
        Row r = measure(topology, n.id, seconds);
        for (const Finding &f : findings) {
            if (f.rule.startsWith(QLatin1String("spof.")) && f.nodes.contains(n.id))
                r.rules.append(f.rule);
        }
        rows.append(r);
        if (format == QLatin1String("text"))
            std::fprintf(stderr, "chaos: %s done\n", qPrintable(n.id));
    }
    if (format == QLatin1String("json")) {
        QJsonArray out;
        for (const Row &r : std::as_const(rows))
            out.append(
                QJsonObject{{QStringLiteral("node"), r.node},
                            {QStringLiteral("read"), r.read},
                            {QStringLiteral("write"), r.write},
                            {QStringLiteral("static_spof"), QJsonArray::fromStringList(r.rules)}});
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return ExitOk;
    }
    std::printf("%-16s %6s %6s  %-22s %s\n", "failed node", "read", "write", "measured SPOF",
                "static analysis");
    for (const Row &r : std::as_const(rows)) {
        QStringList measured;
        if (r.read >= 0 && r.read < 0.5)
            measured.append(QStringLiteral("read"));
        if (r.write >= 0 && r.write < 0.5)
            measured.append(QStringLiteral("write"));
        std::printf(
            "%-16s %6.2f %6.2f  %-22s %s\n", qPrintable(r.node), r.read, r.write,
            qPrintable(measured.isEmpty() ? QStringLiteral("-") : measured.join(QLatin1Char('+'))),
            qPrintable(r.rules.isEmpty() ? QStringLiteral("-") : r.rules.join(QLatin1Char(' '))));
    }
    return ExitOk;
}

CommandRegistration registration({"chaos", "chaos FILE [--format text|json] [--seconds S]",
                                  "fail each node in turn under load; measured read/write "
                                  "availability beside the static SPOF findings",
                                  runChaos});

} // namespace

} // namespace infrastage::cli
