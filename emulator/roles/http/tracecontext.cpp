#include "tracecontext.h"

#include <QRandomGenerator>

#include <random>

namespace infrastage::http {

namespace {

bool isLowerHex(const QByteArray &s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool allZero(const QByteArray &s) {
    for (char c : s)
        if (c != '0')
            return false;
    return true;
}

} // namespace

QByteArray randomHex(int bytes) {
    // A seeded PRNG: trace ids need uniqueness, not secrecy, and this runs per request.
    static std::mt19937_64 rng(QRandomGenerator::system()->generate64());
    static const char digits[] = "0123456789abcdef";
    QByteArray out(bytes * 2, Qt::Uninitialized);
    char *p = out.data();
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = rng();
        for (int j = 0; j < 8 && i + j < bytes; ++j) {
            *p++ = digits[(v >> 4) & 0xf];
            *p++ = digits[v & 0xf];
            v >>= 8;
        }
    }
    return out;
}

TraceContext TraceContext::fromHeaders(const HttpHeaders &headers, bool startIfMissing) {
    TraceContext t;
    const QByteArray tp = headers.value("traceparent").trimmed();
    // version "00" layout: 2-32-16-2 hex digits separated by dashes.
    if (tp.size() >= 55 && tp.at(2) == '-' && tp.at(35) == '-' && tp.at(52) == '-') {
        const QByteArray trace = tp.mid(3, 32);
        const QByteArray parent = tp.mid(36, 16);
        if (isLowerHex(trace) && isLowerHex(parent) && !allZero(trace) && !allZero(parent) &&
            tp.left(2) != "ff") {
            t.traceId = trace;
            t.parentSpan = parent;
        }
    }
    if (t.traceId.isEmpty() && startIfMissing) {
        t.traceId = randomHex(16);
        t.started = true;
    }
    if (!t.traceId.isEmpty())
        t.spanId = randomHex(8);
    return t;
}

QByteArray TraceContext::traceparent() const {
    QByteArray v;
    v.reserve(55);
    v += "00-";
    v += traceId;
    v += '-';
    v += spanId;
    v += "-01";
    return v;
}

} // namespace infrastage::http
