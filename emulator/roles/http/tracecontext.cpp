#include "tracecontext.h"

#include "fastformat.h"

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

// `bytes` (a multiple of 8) random bytes as 2 * `bytes` hex digits at `out`.
void fillRandomHex(char *out, int bytes) {
    // splitmix64 seeded from the system: trace ids need uniqueness, not secrecy, and this runs
    // for every traced request.
    static quint64 state = QRandomGenerator::system()->generate64();
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = (state += 0x9e3779b97f4a7c15ULL);
        v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
        v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
        writeHex16(out + 2 * i, v ^ (v >> 31));
    }
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

} // namespace

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
            std::memcpy(t.id.data(), p + 3, 32);
            std::memcpy(t.parent.data(), p + 36, 16);
            t.hasId = true;
        }
        break;
    }
    if (!t.hasId && startIfMissing) {
        fillRandomHex(t.id.data(), 16);
        t.hasId = t.started = true;
    }
    if (t.hasId)
        fillRandomHex(t.span.data(), 8);
    return t;
}

QByteArray TraceContext::traceparent() const {
    if (!hasId)
        return QByteArray();
    QByteArray v(kTraceparentSize, Qt::Uninitialized);
    writeTraceparent(v.data());
    return v;
}

void TraceContext::writeTraceparent(char *p) const {
    std::memcpy(p, "00-", 3);
    std::memcpy(p + 3, id.data(), 32);
    p[35] = '-';
    std::memcpy(p + 36, span.data(), 16);
    std::memcpy(p + 52, "-01", 3);
}

} // namespace infrastage::http
