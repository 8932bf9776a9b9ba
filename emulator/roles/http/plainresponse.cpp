#include "plainresponse.h"

#include <array>
#include <cstring>
#include <strings.h>

namespace infrastage::http {

namespace {

enum : quint8 { kToken = 1, kValue = 2 }; // a token's byte; a field value's (or reason's)

// RFC 9110: token characters, and field-value characters (VCHAR, SP, HTAB, obs-text).
constexpr std::array<quint8, 256> kClasses = [] {
    std::array<quint8, 256> t{};
    const char *special = "!#$%&'*+-.^_`|~";
    for (int c = 0; c < 256; ++c) {
        bool token = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        for (const char *p = special; *p; ++p)
            token = token || c == *p;
        if (token)
            t[size_t(c)] |= kToken;
        if (c == '\t' || (c >= 0x20 && c != 0x7f))
            t[size_t(c)] |= kValue;
    }
    return t;
}();

bool all(const char *p, const char *end, quint8 cls) {
    if (cls == kValue) {
        // Eight bytes at a time while none is below 0x20 or 0x7f (most values have none).
        constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        for (; end - p >= 8; p += 8) {
            quint64 w;
            std::memcpy(&w, p, sizeof w);
            const quint64 control = (w - ones * 0x20) & ~w & highs;
            const quint64 x = w ^ (ones * 0x7f);
            if (control | ((x - ones) & ~x & highs))
                break;
        }
    }
    for (; p < end; ++p)
        if (!(kClasses[static_cast<unsigned char>(*p)] & cls))
            return false;
    return true;
}

bool named(const char *p, qsizetype n, const char *name) {
    const size_t len = std::strlen(name);
    return size_t(n) == len && ::strncasecmp(p, name, len) == 0;
}

// Fields that describe one connection (isHopByHop, less Content-Length), or look like a framing
// field (HttpParser refuses those).
bool connectionField(const char *p, qsizetype n) {
    switch (n) {
    case 2:
        return named(p, n, "te");
    case 7:
        return named(p, n, "trailer") || named(p, n, "upgrade");
    case 10:
        return named(p, n, "connection") || named(p, n, "keep-alive");
    case 16:
        return named(p, n, "proxy-connection");
    default:
        return (n >= 17 && ::strncasecmp(p, "transfer-encoding", 17) == 0) ||
               (n > 14 && ::strncasecmp(p, "content-length", 14) == 0);
    }
}

} // namespace

PlainResponse::Scan PlainResponse::scan(const char *data, qsizetype size, bool head,
                                        qsizetype headerLimit, qsizetype bodyLimit,
                                        PlainResponse *out) {
    // A line at a time up to the empty one; every line must end in CRLF.
    const char *const stop = data + std::min(size, headerLimit);
    const auto lineEnd = [stop](const char *line) -> const char * {
        const char *cr = static_cast<const char *>(std::memchr(line, '\r', size_t(stop - line)));
        return cr && cr + 1 < stop ? cr : nullptr;
    };
    const auto more = [&] { return size >= headerLimit ? Scan::NotPlain : Scan::NeedMore; };
    // "HTTP/1.1 NNN" then a space and the reason, or the line's end.
    if (size < 12)
        return std::memcmp(data, "HTTP/1.1 ", size_t(std::min<qsizetype>(size, 9))) == 0
                   ? Scan::NeedMore
                   : Scan::NotPlain;
    if (std::memcmp(data, "HTTP/1.1 ", 9) != 0)
        return Scan::NotPlain;
    int status = 0;
    for (int i = 9; i < 12; ++i) {
        if (data[i] < '0' || data[i] > '9')
            return Scan::NotPlain;
        status = status * 10 + (data[i] - '0');
    }
    if (status < 200 || status == 204 || status == 304)
        return Scan::NotPlain; // no body, or interim: HttpParser frames those
    const char *line = data + 12;
    const char *eol = lineEnd(line);
    if (!eol)
        return more();
    if (eol[1] != '\n' || (line < eol && (*line != ' ' || !all(line + 1, eol, kValue))))
        return Scan::NotPlain;
    qsizetype length = -1;
    for (;;) {
        line = eol + 2;
        eol = lineEnd(line);
        if (!eol)
            return more();
        if (eol[1] != '\n')
            return Scan::NotPlain; // a bare CR
        if (eol == line)
            break; // the empty line: the header section ends
        const char *colon = static_cast<const char *>(std::memchr(line, ':', size_t(eol - line)));
        if (!colon || colon == line || !all(line, colon, kToken))
            return Scan::NotPlain; // also a folded line (it starts with a space)
        const char *v = colon + 1;
        const char *vend = eol;
        while (v < vend && (*v == ' ' || *v == '\t'))
            ++v;
        while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
            --vend;
        if (!all(v, vend, kValue))
            return Scan::NotPlain;
        const qsizetype nameSize = colon - line;
        if (nameSize == 14 && ::strncasecmp(line, "content-length", 14) == 0) {
            if (length >= 0)
                return Scan::NotPlain; // repeated
            // Digits between spaces only (the parser refuses a tab after them).
            const char *d = colon + 1;
            while (*d == ' ')
                ++d;
            const char *digits = d;
            length = 0;
            for (; d < eol && *d >= '0' && *d <= '9' && d - digits < 12; ++d)
                length = length * 10 + (*d - '0');
            const char *digitsEnd = d;
            while (d < eol && *d == ' ')
                ++d;
            if (d != eol || digits == digitsEnd)
                return Scan::NotPlain; // empty, not digits or absurd
        } else if (connectionField(line, nameSize)) {
            return Scan::NotPlain;
        }
    }
    if (length < 0 || length > bodyLimit)
        return Scan::NotPlain;
    out->status = status;
    out->bodySize = head ? 0 : length;
    out->size = (eol + 2 - data) + out->bodySize;
    return Scan::Plain;
}

} // namespace infrastage::http
