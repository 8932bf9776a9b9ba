// Fuzz target for the libhttp-parser integration (infrastage::http::HttpParser).
// Built two ways:
//  - with clang and -DINFRASTAGE_LIBFUZZER=ON: a libFuzzer binary (see docs/roles.md);
//  - otherwise: a standalone driver that replays every corpus file and, with --mutate N, N
//    random mutations of each, so the target also runs in the normal test suite.
// Beyond "never crash", it checks a property the proxies rely on: a request the parser accepts,
// serialized again as the lb forwards it, parses back to the same request.
#include "httpmessage.h"
#include "httpparser.h"
#include "tracecontext.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using infrastage::http::HttpParser;
using infrastage::http::HttpRequest;

namespace {

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_httpparser: property violated: %s\n", what);
        std::abort();
    }
}

void roundTrip(const HttpRequest &r) {
    HttpRequest out = r;
    out.headers.remove("Transfer-Encoding");
    out.headers.remove("Content-Length");
    out.headers.add("Content-Length", QByteArray::number(r.body.size()));
    const QByteArray bytes = out.serialize();
    HttpParser again(HttpParser::Mode::Request);
    again.setHeaderLimit(1 << 20);
    check(again.feed(bytes.constData(), bytes.size()), "re-serialized request parses");
    check(again.queued() == 1, "re-serialized request is exactly one request");
    const HttpRequest back = again.takeRequest();
    check(back.method == r.method, "method survives");
    check(back.target == r.target, "target survives");
    check(back.body == r.body, "body survives");
    check(back.headers.value("Host") == r.headers.value("Host"), "Host survives");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = reinterpret_cast<const char *>(data);
    // Request mode, fed in uneven pieces as a socket would deliver them.
    HttpParser req(HttpParser::Mode::Request);
    req.setHeaderLimit(4096);
    req.setBodyLimit(65536);
    size_t at = 0;
    size_t step = size > 0 ? 1 + data[0] % 17 : 1;
    while (at < size) {
        const size_t n = std::min(step, size - at);
        if (!req.feed(p + at, qsizetype(n)))
            break;
        at += n;
        step = step * 3 % 23 + 1;
    }
    while (req.hasRequest()) {
        const HttpRequest r = req.takeRequest();
        check(!r.method.isEmpty(), "a request has a method");
        roundTrip(r);
        (void)infrastage::http::TraceContext::fromHeaders(r.headers, true);
    }
    // Response mode, as the upstream connections use it, with and without HEAD.
    for (bool head : {false, true}) {
        HttpParser resp(HttpParser::Mode::Response);
        resp.expectHeadResponse(head);
        if (resp.feed(p, qsizetype(size)))
            resp.finish();
        while (resp.hasResponse())
            (void)resp.takeResponse().serialize();
    }
    return 0;
}

#ifndef INFRASTAGE_LIBFUZZER
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [--mutate N]\n", argv[0]);
        return 2;
    }
    const int mutations = argc >= 4 && QByteArray(argv[2]) == "--mutate" ? std::atoi(argv[3]) : 0;
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        std::fprintf(stderr, "%s: no corpus files\n", argv[1]);
        return 2;
    }
    QRandomGenerator rng(20261126);
    long runs = 0;
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            return 2;
        const QByteArray input = f.readAll();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                               size_t(input.size()));
        ++runs;
        for (int m = 0; m < mutations; ++m) {
            QByteArray x = input;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits && !x.isEmpty(); ++e) {
                const int pos = int(rng.bounded(int(x.size())));
                switch (rng.bounded(4)) {
                case 0:
                    x[pos] = char(rng.bounded(256));
                    break;
                case 1:
                    x.remove(pos, 1 + int(rng.bounded(8)));
                    break;
                case 2:
                    x.insert(pos, x.mid(int(rng.bounded(int(x.size()))), 1 + int(rng.bounded(16))));
                    break;
                default:
                    x.insert(pos, "\r\n");
                    break;
                }
            }
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(x.constData()),
                                   size_t(x.size()));
            ++runs;
        }
    }
    std::printf("fuzz_httpparser: %ld inputs, no property violated\n", runs);
    return 0;
}
#endif
