#include "tracecontext.h"

#include <QRandomGenerator>

#include <array>
#include <cstring>

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
    // splitmix64 seeded from the system: trace ids need uniqueness, not secrecy, and this runs
    // twice per traced request.
    static quint64 state = QRandomGenerator::system()->generate64();
    static const auto hex = [] {
        std::array<std::array<char, 2>, 256> t{};
        for (int b = 0; b < 256; ++b)
            t[size_t(b)] = {"0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 0xf]};
        return t;
    }();
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = (state += 0x9e3779b97f4a7c15ULL);
        v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
        v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
        v ^= v >> 31;
        for (int j = 0; j < 8 && i + j < bytes; ++j, v >>= 8) {
            std::memcpy(out, hex[v & 0xff].data(), 2);
            out += 2;
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
    QByteArray v(kTraceparentSize, Qt::Uninitialized);
    writeTraceparent(v.data());
    return v;
}

void TraceContext::writeTraceparent(char *p) const {
    std::memcpy(p, "00-", 3);
    std::memcpy(p + 3, traceId.constData(), 32);
    p[35] = '-';
    std::memcpy(p + 36, span.data(), 16);
    std::memcpy(p + 52, "-01", 3);
}

} // namespace infrastage::http
