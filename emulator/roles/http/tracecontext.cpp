#include "tracecontext.h"

#include <QRandomGenerator>

#include <cstring>
#include <random>

namespace infrastage::http {

namespace {

bool isLowerHex(const char *p, qsizetype n) {
    for (qsizetype i = 0; i < n; ++i)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
            return false;
    return true;
}

bool allZero(const char *p, qsizetype n) {
    for (qsizetype i = 0; i < n; ++i)
        if (p[i] != '0')
            return false;
    return true;
}

// `bytes` random bytes as 2 * `bytes` hex digits at `out`.
void fillRandomHex(char *out, int bytes) {
    // A seeded PRNG: trace ids need uniqueness, not secrecy, and this runs per request.
    static std::mt19937_64 rng(QRandomGenerator::system()->generate64());
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = rng();
        for (int j = 0; j < 8 && i + j < bytes; ++j) {
            *out++ = digits[(v >> 4) & 0xf];
            *out++ = digits[v & 0xf];
            v >>= 8;
        }
    }
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

QByteArray randomHex(int bytes) {
    QByteArray out(bytes * 2, Qt::Uninitialized);
    fillRandomHex(out.data(), bytes);
    return out;
}

TraceContext TraceContext::fromHeaders(const HttpHeaders &headers, bool startIfMissing) {
    TraceContext t;
    for (const HttpHeaders::Field &f : headers.fields()) {
        if (!equalsIgnoreCase(f.first, "traceparent"))
            continue;
        const char *p = f.second.constData();
        qsizetype n = f.second.size();
        while (n > 0 && isBlank(*p))
            ++p, --n;
        while (n > 0 && isBlank(p[n - 1]))
            --n;
        // version "00" layout: 2-32-16-2 hex digits separated by dashes.
        if (n >= 55 && p[2] == '-' && p[35] == '-' && p[52] == '-' && isLowerHex(p + 3, 32) &&
            isLowerHex(p + 36, 16) && !allZero(p + 3, 32) && !allZero(p + 36, 16) &&
            std::memcmp(p, "ff", 2) != 0) {
            t.traceId = QByteArray(p + 3, 32);
            t.parentSpan = QByteArray(p + 36, 16);
        }
        break;
    }
    if (t.traceId.isEmpty() && startIfMissing) {
        t.traceId = randomHex(16);
        t.started = true;
    }
    if (!t.traceId.isEmpty())
        fillRandomHex(t.span.data(), 8);
    return t;
}

QByteArray TraceContext::traceparent() const {
    if (traceId.size() != 32)
        return QByteArray(); // no trace (ids are only ever made 32 digits long)
    QByteArray v(55, Qt::Uninitialized);
    char *p = v.data();
    std::memcpy(p, "00-", 3);
    std::memcpy(p + 3, traceId.constData(), 32);
    p[35] = '-';
    std::memcpy(p + 36, span.data(), 16);
    std::memcpy(p + 52, "-01", 3);
    return v;
}

} // namespace infrastage::http
