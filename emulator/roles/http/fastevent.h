#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

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
    FastEvent &add(Key key, const QByteArray &latin1);
    FastEvent &add(Key key, const char *latin1);
    FastEvent &add(Key key, qint64 value);
    FastEvent &add(Key key, int value) { return add(key, qint64(value)); }
    FastEvent &add(Key key, bool value);
    // "host:port" as a string, without building it first.
    FastEvent &addEndpoint(Key key, const QByteArray &host, int port);
    // Ready-made `"key":value,...` pairs (no braces), made once for what repeats in every event
    // of a kind (a backend server's id and address): copied, not formatted again.
    FastEvent &addFields(const QByteArray &fields);
    // `"key":"value"` for building such pairs (value escaped as JSON).
    static QByteArray field(const char *key, const QString &value);
    static QByteArray field(const char *key, qint64 value);
    // A nested object, its fields added in between (a pair's lead, events/eventpairs.h).
    FastEvent &beginObject(Key key);
    FastEvent &endObject();
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
    void putEscaped(const char *p, qsizetype n, bool latin1);
    void putUtf8(const QString &s);
    void putNumber(qint64 v);
    void key(Key key);

    QByteArray *m_out;   // EventEmitter's buffer, or m_own while another line is open there
    QByteArray m_own;    // this line alone, handed to EventEmitter::emitLine when sent
    char *m_data;        // m_out's bytes, resized ahead to m_end
    qsizetype m_size;    // bytes of *m_out used, this line's included
    qsizetype m_end;     // bytes of *m_out that may be written
    int m_events;        // events the line stands for: 2 or 3 for a pair (events/eventpairs.h)
    bool m_first = true; // no detail field yet
    bool m_sent = false;
};

} // namespace infrastage::roles
