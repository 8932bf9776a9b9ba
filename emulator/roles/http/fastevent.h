#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include "fastformat.h"
#include "tracecontext.h"

#include <cstring>

namespace infrastage::roles {

// One per-request event written as its JSON line, the same line EventEmitter would write,
// straight into EventEmitter's output buffer: no QJsonObject, no copy of the line. The lb emits
// these for every request, and tracing must stay cheap (the goal is <= 10 % more CPU with it).
//   FastEvent(EventKind::LbChoice, traceId).add("server", id).add("attempt", 0).send();
// An event not sent explicitly is sent when it goes out of scope.
class FastEvent final {
public:
    // A field name: a string literal, its length known at compile time (no strlen per field).
    struct Key {
        template <qsizetype N>
        constexpr Key(const char (&literal)[N])
            : text(literal)
            , size(N - 1) {}
        const char *text;
        qsizetype size;
    };

    // `tNs`: the event's time (CLOCK_MONOTONIC ns) when the caller has read the clock already for
    // this request (one read serves several events); 0 reads it now.
    FastEvent(QLatin1String kind, QByteArrayView trace, qint64 tNs = 0)
        : FastEvent(kind, trace, tNs, false) {}
    // A request's trace: its id is 32 hex digits by construction (TraceContext), written as it
    // is, without looking for bytes to escape.
    FastEvent(QLatin1String kind, const http::TraceContext &trace, qint64 tNs = 0)
        : FastEvent(kind, trace.traceId(), tNs, true) {}
    FastEvent(const char *kind, QByteArrayView trace, qint64 tNs = 0)
        : FastEvent(QLatin1String(kind), trace, tNs) {}
    ~FastEvent();
    FastEvent(const FastEvent &) = delete;
    FastEvent &operator=(const FastEvent &) = delete;
    FastEvent &add(Key key, const QString &value);
    // Latin-1 text (header values as they came off the wire).
    FastEvent &add(Key k, const QByteArray &latin1) {
        key(k);
        putString(latin1.constData(), latin1.size());
        return *this;
    }
    FastEvent &add(Key key, const char *latin1);
    // Text that never needs escaping (an HTTP method: one of the parser's names), copied as it is.
    FastEvent &addToken(Key k, QByteArrayView token) {
        key(k);
        char *p = room(token.size() + 2);
        *p = '"';
        copy(p + 1, token.data(), token.size());
        p[token.size() + 1] = '"';
        m_size = p + token.size() + 2 - m_data;
        return *this;
    }
    FastEvent &add(Key k, qint64 value) {
        key(k);
        putNumber(value);
        return *this;
    }
    FastEvent &add(Key key, int value) { return add(key, qint64(value)); }
    FastEvent &add(Key k, bool value) {
        key(k);
        if (value)
            put("true");
        else
            put("false");
        return *this;
    }
    // "host:port" as a string, without building it first.
    FastEvent &addEndpoint(Key k, const QByteArray &host, int port) {
        key(k);
        putString(host.constData(), host.size(), false);
        *room(1) = ':';
        ++m_size;
        putNumber(port);
        put('"');
        return *this;
    }
    // Ready-made `"key":value,...` pairs (no braces), made once for what repeats in every event
    // of a kind (a backend server's id and address): copied, not formatted again.
    FastEvent &addFields(const QByteArray &fields) {
        if (fields.isEmpty())
            return *this;
        char *p = room(fields.size() + 1);
        *p = ',';
        p += !m_first;
        m_first = false;
        std::memcpy(p, fields.constData(), size_t(fields.size()));
        m_size = p + fields.size() - m_data;
        return *this;
    }
    // `"key":"value"` for building such pairs (value escaped as JSON).
    static QByteArray field(const char *key, const QString &value);
    static QByteArray field(const char *key, qint64 value);
    // A nested object, its fields added in between (a pair's lead, events/eventpairs.h).
    FastEvent &beginObject(Key k) {
        key(k);
        put('{');
        m_first = true;
        return *this;
    }
    FastEvent &endObject() {
        put('}');
        m_first = false;
        return *this;
    }
    // Slow path (detail on only): a nested object.
    FastEvent &add(Key key, const QJsonObject &value);
    void send();

private:
    FastEvent(QLatin1String kind, QByteArrayView trace, qint64 tNs, bool hexTrace);
    // The line is written with memcpy into room made beforehand (QByteArray's own appends cost
    // several times more per call, and a line takes some forty of them).
    char *room(qsizetype n) { return m_size + n <= m_end ? m_data + m_size : grow(n); }
    char *grow(qsizetype n);
    // memcpy for the short runs a line is made of (ids, names, numbers): up to 32 bytes in a few
    // overlapping word moves, inline, where a call to the library's memcpy costs more than the
    // copy (a traced request made some 40 such calls).
    static void copy(char *d, const char *s, qsizetype n) {
        if (n > 32) {
            std::memcpy(d, s, size_t(n));
        } else if (n >= 8) {
            quint64 a, b;
            std::memcpy(&a, s, 8);
            std::memcpy(&b, s + n - 8, 8);
            if (n > 16) {
                quint64 c, e;
                std::memcpy(&c, s + 8, 8);
                std::memcpy(&e, s + n - 16, 8);
                std::memcpy(d + 8, &c, 8);
                std::memcpy(d + n - 16, &e, 8);
            }
            std::memcpy(d, &a, 8);
            std::memcpy(d + n - 8, &b, 8);
        } else if (n >= 4) {
            quint32 a, b;
            std::memcpy(&a, s, 4);
            std::memcpy(&b, s + n - 4, 4);
            std::memcpy(d, &a, 4);
            std::memcpy(d + n - 4, &b, 4);
        } else if (n > 0) {
            d[0] = s[0];
            d[n / 2] = s[n / 2];
            d[n - 1] = s[n - 1];
        }
    }
    void put(const char *p, qsizetype n) { copy(room(n), p, n), m_size += n; }
    void put(char c) { *room(1) = c, ++m_size; }
    template <qsizetype N> void put(const char (&literal)[N]) { put(literal, N - 1); }
    // `"name":`, after a comma unless it is the object's first field. Inline: the name's size is
    // known where it is called, and the copy is one or two word moves (a call took some 40
    // instructions, 14 times per request).
    void key(Key key) {
        char *p = room(key.size + 4);
        *p = ',';
        p += !m_first;
        m_first = false;
        *p++ = '"';
        copy(p, key.text, key.size);
        p += key.size;
        p[0] = '"';
        p[1] = ':';
        m_size = p + 2 - m_data;
    }
    // Latin-1 text as a JSON string: its opening quote, and its closing one with `close`. Up to
    // 16 bytes (a method, a target, a host, an address) are copied first and looked at where
    // they landed, a word at a time with the bytes past their end masked: no loop and no call
    // when nothing needs escaping, the common case.
    void putString(const char *p, qsizetype n, bool close = true) {
        char *d = room(n + 18);
        *d++ = '"';
        if (n <= 16) {
            copy(d, p, n);
            if (!shortNeedsEscaping(d, n)) {
                d[n] = '"';
                m_size = d + n + close - m_data;
                return;
            }
        }
        m_size = d - m_data;
        putEscaped(p, n, true);
        if (close)
            put('"');
    }
    // Whether any of the 8 bytes in `w` may need escaping: a control character, '"' or '\\', and
    // with `latin1` a byte >= 0x80. May say yes for a word that needs nothing (then the bytes are
    // looked at one by one), never no for one that does.
    static bool mayNeedEscaping(quint64 w, bool latin1) {
        constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        const auto hasZero = [](quint64 v) { return (v - ones) & ~v & highs; };
        const quint64 control = (w - ones * 0x20) & ~w & highs; // some byte < 0x20
        return control | hasZero(w ^ (ones * '"')) | hasZero(w ^ (ones * '\\')) |
               (latin1 ? (w & highs) : 0);
    }
    // Whether any of the `n` <= 16 Latin-1 bytes at `d` (16 of them readable) may need escaping.
    static bool shortNeedsEscaping(const char *d, qsizetype n) {
        quint64 a, b;
        std::memcpy(&a, d, 8);
        std::memcpy(&b, d + 8, 8);
        // The bytes past the end become 'a', which needs nothing.
        constexpr quint64 fill = 0x6161616161616161ULL;
        const quint64 keepA = n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
        const quint64 keepB = n >= 16 ? ~0ULL : n <= 8 ? 0 : (1ULL << (8 * (n - 8))) - 1;
        a = (a & keepA) | (fill & ~keepA);
        b = (b & keepB) | (fill & ~keepB);
        return mayNeedEscaping(a, true) || mayNeedEscaping(b, true);
    }
    void putEscaped(const char *p, qsizetype n, bool latin1);
    void putUtf8(const QString &s);
    // Up to four digits inline (attempts, statuses, sizes, short durations), longer ones not.
    void putNumber(qint64 v) {
        if (quint64(v) >= 10000) {
            putLongNumber(v);
            return;
        }
        char *p = room(8);
        if (v < 10) {
            *p = char('0' + v);
            ++m_size;
        } else {
            m_size += http::detail::writeFour(p, quint32(v));
        }
    }
    void putLongNumber(qint64 v);
    // The event's time at `p` (kDecimalRoom bytes of room): 12 to 16 digits whose leading ones
    // change every 0.1 s, kept as text. Returns the end.
    static char *writeTime(char *p, qint64 tNs);

    QByteArray *m_out;   // EventEmitter's buffer, or m_own while another line is open there
    QByteArray m_own;    // this line alone, handed to EventEmitter::emitLine when sent
    char *m_data;        // m_out's bytes: its whole size may be written (grow() enlarges it)
    qsizetype m_size;    // bytes of *m_out used, this line's included
    qsizetype m_end;     // m_out's size
    int m_events;        // events the line stands for: 2 or 3 for a pair (events/eventpairs.h)
    bool m_first = true; // no detail field yet
    bool m_sent = false;
};

} // namespace infrastage::roles
