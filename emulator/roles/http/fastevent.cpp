#include "fastevent.h"

#include "eventemitter.h"
#include "events/eventpairs.h"
#include "fastformat.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace infrastage::roles {

namespace {

// Room made for a line before writing it; most lines need less.
constexpr qsizetype kInitialRoom = 512;

// Whether any of the 8 bytes at `p` may need escaping: a control character, '"' or '\\', and
// with `latin1` a byte >= 0x80. May say yes for a word that needs nothing (then the bytes are
// looked at one by one), never no for one that does.
bool mayNeedEscaping(const char *p, bool latin1) {
    constexpr quint64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    quint64 w;
    std::memcpy(&w, p, sizeof w);
    const auto hasZero = [](quint64 v) { return (v - ones) & ~v & highs; };
    const quint64 control = (w - ones * 0x20) & ~w & highs; // some byte < 0x20
    return control | hasZero(w ^ (ones * '"')) | hasZero(w ^ (ones * '\\')) |
           (latin1 ? (w & highs) : 0);
}

} // namespace

FastEvent::FastEvent(QLatin1String kind, QByteArrayView trace, qint64 tNs, bool hexTrace) {
    const EventPairs::Pair *pair = EventPairs::find(kind);
    m_events = pair ? pair->events() : 1;
    m_out = EventEmitter::openLine();
    if (!m_out)
        m_out = &m_own;
    m_size = m_out->size();
    m_out->resize(m_size + kInitialRoom); // within the buffer's kept capacity: no allocation
    m_data = m_out->data();
    m_end = m_out->size();
    put("{\"t\":");
    putNumber(tNs > 0 ? tNs : EventEmitter::nowNs());
    // No "node": the reader knows whose output it reads (EventEmitter).
    put(",\"kind\":\"");
    put(kind.data(), kind.size());
    put('"');
    if (!trace.isEmpty()) {
        put(",\"trace\":\"");
        if (hexTrace)
            put(trace.data(), trace.size());
        else
            putEscaped(trace.data(), trace.size(), true);
        put('"');
    }
    put(",\"details\":{");
}

FastEvent::~FastEvent() {
    if (!m_sent)
        send();
}

char *FastEvent::grow(qsizetype n) {
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
    while (plain + 8 <= n && !mayNeedEscaping(p + plain, latin1))
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
        while (i + 8 <= n && !mayNeedEscaping(p + i, latin1))
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

void FastEvent::putNumber(qint64 v) {
    m_size += http::writeDecimal(room(http::kDecimalRoom), v);
}

void FastEvent::key(Key key) {
    char *p = room(key.size + 4);
    if (!m_first)
        *p++ = ',';
    m_first = false;
    *p++ = '"';
    copy(p, key.text, key.size);
    p += key.size;
    *p++ = '"';
    *p++ = ':';
    m_size = p - m_data;
}

FastEvent &FastEvent::add(Key k, const QString &value) {
    key(k);
    put('"');
    putUtf8(value);
    put('"');
    return *this;
}

FastEvent &FastEvent::add(Key k, const QByteArray &latin1) {
    key(k);
    put('"');
    putEscaped(latin1.constData(), latin1.size(), true);
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

FastEvent &FastEvent::addEndpoint(Key k, const QByteArray &host, int port) {
    key(k);
    put('"');
    putEscaped(host.constData(), host.size(), true);
    put(':');
    putNumber(port);
    put('"');
    return *this;
}

FastEvent &FastEvent::add(Key k, qint64 value) {
    key(k);
    putNumber(value);
    return *this;
}

FastEvent &FastEvent::add(Key k, bool value) {
    key(k);
    if (value)
        put("true");
    else
        put("false");
    return *this;
}

FastEvent &FastEvent::addFields(const QByteArray &fields) {
    if (fields.isEmpty())
        return *this;
    if (!m_first)
        put(',');
    m_first = false;
    put(fields.constData(), fields.size());
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

FastEvent &FastEvent::beginObject(Key k) {
    key(k);
    put('{');
    m_first = true;
    return *this;
}

FastEvent &FastEvent::endObject() {
    put('}');
    m_first = false;
    return *this;
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
    m_out->resize(m_size); // the capacity stays
    EventEmitter::closeLine(m_events);
}

} // namespace infrastage::roles
