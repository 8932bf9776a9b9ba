// The orchestrator's side of tracing: what reading a node's event lines costs, per line and per
// request. Feeds a node's captured stdout (tests/benchmarks/lb/callgrind_lb.sh with KEEP=1 keeps
// the lb's) through EventParserThread::parseBytes, the path NodeProcess takes, in 64 KiB chunks
// as a pipe gives them, and hands each event to the node's id as NodeProcess does. Prints
// events, lines and ns per request (requests: lb.response events), with the details kept as text
// (`up`) and parsed (the GUI). For instruction counts, run it under
// `valgrind --tool=callgrind --toggle-collect='*parseBytes*'`.
//
//   bench_eventlines FILE [ROUNDS] [text|parsed]  (default: both)
#include "eventparserthread.h"
#include "events/eventkind.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace infrastage::runtime;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_eventlines FILE [ROUNDS] [text|parsed]\n");
        return 2;
    }
    QFile f(QString::fromLocal8Bit(argv[1]));
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    const QByteArray all = f.readAll();
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    const qsizetype lines = all.count('\n');
    const QString node = QStringLiteral("lb");
    const QByteArray only = argc > 3 ? QByteArray(argv[3]) : QByteArray();
    for (const bool parse : {false, true}) {
        if (!only.isEmpty() && only != (parse ? "parsed" : "text"))
            continue;
        qint64 events = 0, requests = 0, ns = 0;
        for (int r = 0; r < rounds; ++r) {
            EventLineParser parser;
            parser.setParseRequestDetails(parse);
            QByteArray pending;
            bool resync = false;
            QElapsedTimer timer;
            timer.start();
            for (qsizetype at = 0; at < all.size(); at += 65536) {
                QList<RuntimeEvent> out;
                EventParserThread::parseBytes(pending, resync, parser, all.mid(at, 65536), &out);
                for (RuntimeEvent &e : out) {
                    e.node = node; // as NodeProcess::handleEvent
                    requests += e.kind == infrastage::EventKind::LbResponse;
                }
                events += out.size();
            }
            ns += timer.nsecsElapsed();
        }
        std::printf("details %-6s %lld lines, %.2f events and %.2f lines per request, %.0f bytes "
                    "per request, %.0f ns per request, %.0f ns per line\n",
                    parse ? "parsed" : "text", qint64(lines), double(events) / double(requests),
                    double(lines) * rounds / double(requests),
                    double(all.size()) * rounds / double(requests), double(ns) / double(requests),
                    double(ns) / double(lines * rounds));
    }
    return 0;
}
