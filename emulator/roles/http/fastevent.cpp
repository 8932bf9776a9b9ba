#include "fastevent.h"

#include "eventemitter.h"

#include <QJsonDocument>

#include <charconv>
#include <cstring>

namespace infrastage::roles {

namespace {

// JSON string body from bytes: runs that need no escaping are appended whole. `latin1`: bytes
// >= 0x80 are Latin-1 (header values as they came off the wire) and become UTF-8; otherwise they
// already are UTF-8.
void appendEscaped(QByteArray &out, const char *p, qsizetype n, bool latin1) {
    static const char hex[] = "0123456789abcdef";
    qsizetype run = 0; // start of the pending plain run
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        const bool plain = c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || !latin1);
        if (plain)
            continue;
        out.append(p + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += char(0xc0 | (c >> 6));
            out += char(0x80 | (c & 0x3f));
        }
    }
    out.append(p + run, n - run);
}

void appendLatin1(QByteArray &out, const char *p, qsizetype n) {
    appendEscaped(out, p, n, true);
}

void appendNumber(QByteArray &out, qint64 v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

void appendUtf8(QByteArray &out, const QString &s) {
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
            appendEscaped(out, buf, n, false);
            return;
        }
    }
    const QByteArray u = s.toUtf8();
    appendEscaped(out, u.constData(), u.size(), false);
}

} // namespace

FastEvent::FastEvent(const char *kind, const QByteArray &trace) {
    m_line.reserve(384);
    m_line += "{\"t\":";
    appendNumber(m_line, EventEmitter::nowNs());
    m_line += ",\"node\":\"";
    m_line += EventEmitter::nodeJson();
    m_line += "\",\"kind\":\"";
    m_line += kind;
    m_line += '"';
    if (!trace.isEmpty()) {
        m_line += ",\"trace\":\"";
        appendLatin1(m_line, trace.constData(), trace.size());
        m_line += '"';
    }
    m_line += ",\"details\":{";
}

void FastEvent::key(const char *key) {
    if (!m_first)
        m_line += ',';
    m_first = false;
    m_line += '"';
    m_line += key;
    m_line += "\":";
}

FastEvent &FastEvent::add(const char *k, const QString &value) {
    key(k);
    m_line += '"';
    appendUtf8(m_line, value);
    m_line += '"';
    return *this;
}

FastEvent &FastEvent::add(const char *k, const QByteArray &latin1) {
    key(k);
    m_line += '"';
    appendLatin1(m_line, latin1.constData(), latin1.size());
    m_line += '"';
    return *this;
}

FastEvent &FastEvent::add(const char *k, const char *latin1) {
    key(k);
    m_line += '"';
    appendLatin1(m_line, latin1, qsizetype(std::strlen(latin1)));
    m_line += '"';
    return *this;
}

FastEvent &FastEvent::add(const char *k, qint64 value) {
    key(k);
    appendNumber(m_line, value);
    return *this;
}

FastEvent &FastEvent::add(const char *k, bool value) {
    key(k);
    m_line += value ? "true" : "false";
    return *this;
}

FastEvent &FastEvent::add(const char *k, const QJsonObject &value) {
    key(k);
    m_line += QJsonDocument(value).toJson(QJsonDocument::Compact);
    return *this;
}

void FastEvent::send() {
    m_line += "}}";
    EventEmitter::emitLine(m_line);
}

} // namespace infrastage::roles
