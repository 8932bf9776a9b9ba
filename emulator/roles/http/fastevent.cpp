#include "fastevent.h"

#include "eventemitter.h"
#include "events/eventpairs.h"
#include "fastformat.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace infrastage::roles {

namespace {

// Room made beyond what a write needs when the storage grows (most lines need less in all).
constexpr qsizetype kInitialRoom = 512;

// Reads 8 bytes.
quint64 word(const char *p) {
    quint64 w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

} // namespace

FastEvent::FastEvent(QLatin1String kind, QByteArrayView trace, qint64 tNs, bool hexTrace) {
    const EventPairs::Pair *pair = EventPairs::find(kind);
    m_events = pair ? pair->events() : 1;
    m_out = EventEmitter::openLine(&m_size);
    if (!m_out) {
        m_out = &m_own;
        m_size = 0;
    }
    m_data = m_out->data();
    m_end = m_out->size();
    const qint64 t = tNs > 0 ? tNs : EventEmitter::nowNs();
    // The line's start in one piece: room made once, written through a local pointer.
    char *p = room(kind.size() + trace.size() + 128);
    const auto literal = [&p](const auto &text) {
        copy(p, text, qsizetype(sizeof text - 1));
        p += sizeof text - 1;
    };
    literal("{\"t\":");
    p = writeTime(p, t);
    // No "node": the reader knows whose output it reads (EventEmitter).
    literal(",\"kind\":\"");
    copy(p, kind.data(), kind.size());
    p += kind.size();
    *p++ = '"';
    if (!trace.isEmpty()) {
        literal(",\"trace\":\"");
        if (hexTrace) {
            copy(p, trace.data(), trace.size());
            p += trace.size();
        } else {
            m_size = p - m_data;
            putEscaped(trace.data(), trace.size(), true);
            p = room(32);
        }
        *p++ = '"';
    }
    literal(",\"details\":{");
    m_size = p - m_data;
}

FastEvent::~FastEvent() {
    if (!m_sent)
        send();
}

char *FastEvent::grow(qsizetype n) {
    // What is written stays: it is within the storage's size (EventEmitter::openLine).
    m_out->resize(m_size + n + kInitialRoom); // QByteArray grows geometrically
    m_data = m_out->data();
    m_end = m_out->size();
    return m_data + m_size;
}

// A JSON string body from bytes: runs that need no escaping are copied whole. `latin1`: bytes
// >= 0x80 are Latin-1 (header values as they came off the wire) and become UTF-8; otherwise they
// already are UTF-8.
void FastEvent::putEscaped(const char *p, qsizetype n, bool latin1) {
    static const char hex[] = "0123456789abcdef";
    // Bytes that need escaping: [0] for UTF-8 input, [1] for Latin-1 (where >= 0x80 does too).
    static const auto special = [] {
        std::array<std::array<bool, 256>, 2> t{};
        for (int c = 0; c < 256; ++c) {
            const bool control = c < 0x20 || c == '"' || c == '\\';
            t[0][size_t(c)] = control;
            t[1][size_t(c)] = control || c >= 0x80;
        }
        return t;
    }();
    const std::array<bool, 256> &needs = special[latin1 ? 1 : 0];
    // Most text needs nothing (ids, hex trace ids, paths, addresses): looked at eight bytes at a
    // time, then byte by byte to its end, and copied whole.
    qsizetype plain = 0;
    while (plain + 8 <= n && !mayNeedEscaping(word(p + plain), latin1))
        plain += 8;
    while (plain < n && !needs[static_cast<unsigned char>(p[plain])])
        ++plain;
    if (plain == n) {
        put(p, n);
        return;
    }
    qsizetype run = 0; // start of the pending plain run
    for (qsizetype i = plain; i < n; ++i) {
        // Ids, hex trace ids, paths and addresses: eight plain bytes at a time.
        while (i + 8 <= n && !mayNeedEscaping(word(p + i), latin1))
            i += 8;
        if (i == n)
            break;
        const auto c = static_cast<unsigned char>(p[i]);
        if (!needs[c])
            continue;
        put(p + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            const char e[2] = {'\\', char(c)};
            put(e, 2);
        } else if (c < 0x20) {
            const char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            put(e, 6);
        } else {
            const char e[2] = {char(0xc0 | (c >> 6)), char(0x80 | (c & 0x3f))};
            put(e, 2);
        }
    }
    put(p + run, n - run);
}

void FastEvent::putUtf8(const QString &s) {
    // Ids, addresses and reasons are short and mostly ASCII: converted on the stack.
    char buf[256];
    if (s.size() <= qsizetype(sizeof buf)) {
        qsizetype n = 0;
        for (const QChar ch : s) {
            if (ch.unicode() >= 0x80)
                break;
            buf[n++] = char(ch.unicode());
        }
        if (n == s.size()) {
            putEscaped(buf, n, false);
            return;
        }
    }
    const QByteArray u = s.toUtf8();
    putEscaped(u.constData(), u.size(), false);
}

void FastEvent::putLongNumber(qint64 v) {
    m_size += http::writeDecimal(room(http::kDecimalRoom), v);
}

char *FastEvent::writeTime(char *p, qint64 tNs) {
    // The digits above the last eight are written once per 0.1 s and copied from then on.
    struct High {
        quint64 value = 0;
        qsizetype size = 0;
        char text[http::kDecimalRoom];
    };
    static High high; // lines are written by the event loop's thread (EventEmitter)
    constexpr quint64 e8 = 100000000ULL;
    const quint64 t = quint64(tNs), h = t / e8;
    if (tNs <= 0 || h == 0)
        return p + http::writeDecimal(p, tNs);
    if (h != high.value || high.size == 0) {
        high.value = h;
        high.size = http::writeDecimal(high.text, h);
    }
    std::memcpy(p, high.text, 16); // at most 11 digits: t < 2^63
    http::writeEightDigits(p + high.size, t % e8);
    return p + high.size + 8;
}

FastEvent &FastEvent::add(Key k, const QString &value) {
    key(k);
    put('"');
    putUtf8(value);
    put('"');
    return *this;
}

FastEvent &FastEvent::add(Key k, const char *latin1) {
    key(k);
    put('"');
    putEscaped(latin1, qsizetype(std::strlen(latin1)), true);
    put('"');
    return *this;
}

QByteArray FastEvent::field(const char *key, const QString &value) {
    // Made once per server at start-up: QJsonDocument's escaping is good enough here.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return '"' + QByteArray(key) + "\":" + array.mid(1, array.size() - 2);
}

QByteArray FastEvent::field(const char *key, qint64 value) {
    return '"' + QByteArray(key) + "\":" + QByteArray::number(value);
}

FastEvent &FastEvent::add(Key k, const QJsonObject &value) {
    key(k);
    const QByteArray json = QJsonDocument(value).toJson(QJsonDocument::Compact);
    put(json.constData(), json.size());
    return *this;
}

void FastEvent::send() {
    if (m_sent)
        return;
    m_sent = true;
    if (m_out == &m_own) {
        put("}}");
        m_own.resize(m_size);
        EventEmitter::emitLine(m_own, m_events);
        return;
    }
    put("}}\n");
    EventEmitter::closeLine(m_size, m_events);
}

} // namespace infrastage::roles
