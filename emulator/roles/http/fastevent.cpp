#include "fastevent.h"

#include "eventemitter.h"

#include <QJsonDocument>

namespace infrastage::roles {

namespace {

// JSON string body from Latin-1 bytes (header values as they came off the wire).
void appendLatin1(QByteArray &out, const char *p, qsizetype n) {
    static const char hex[] = "0123456789abcdef";
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(p[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else if (c >= 0x80) {
            out += char(0xc0 | (c >> 6));
            out += char(0x80 | (c & 0x3f));
        } else {
            out += char(c);
        }
    }
}

void appendUtf8(QByteArray &out, const QString &s) {
    const QByteArray u = s.toUtf8();
    static const char hex[] = "0123456789abcdef";
    for (char ch : u) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += ch;
        }
    }
}

} // namespace

FastEvent::FastEvent(const char *kind, const QByteArray &trace) {
    m_line.reserve(384);
    m_line += "{\"t\":";
    m_line += QByteArray::number(EventEmitter::nowNs());
    m_line += ",\"node\":\"";
    appendUtf8(m_line, EventEmitter::node());
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
    return add(k, QByteArray(latin1));
}

FastEvent &FastEvent::add(const char *k, qint64 value) {
    key(k);
    m_line += QByteArray::number(value);
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
