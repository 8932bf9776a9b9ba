#include "httpmessage.h"

#include <charconv>
#include <cstring>
#include <strings.h>

namespace infrastage::http {

namespace {
// Versions are single digits (the parser takes 1.0 and 1.1 only); anything else is written as
// QByteArray::number would.
QByteArray digit(int v) {
    if (v >= 0 && v <= 9)
        return QByteArray::fromRawData("0123456789" + v, 1);
    return QByteArray::number(v);
}

void appendNumber(QByteArray &out, qint64 v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

// A message written into storage sized beforehand: one allocation and a memcpy per piece,
// instead of QByteArray::append per piece (an insert() underneath in Qt 6.4, 6 % of the lb's
// user time under load). `capacity` must bound what is written.
class Writer final {
public:
    explicit Writer(qsizetype capacity)
        : m_bytes(capacity, Qt::Uninitialized)
        , m_p(m_bytes.data()) {}
    Writer &put(const char *s, qsizetype n) {
        std::memcpy(m_p, s, size_t(n));
        m_p += n;
        return *this;
    }
    Writer &put(const QByteArray &b) { return put(b.constData(), b.size()); }
    template <size_t N> Writer &put(const char (&s)[N]) { return put(s, qsizetype(N - 1)); }
    Writer &put(char c) {
        *m_p++ = c;
        return *this;
    }
    Writer &number(qint64 v) {
        m_p = std::to_chars(m_p, m_p + 20, v).ptr;
        return *this;
    }
    Writer &version(int major, int minor) {
        put("HTTP/");
        number(major);
        put('.');
        return number(minor);
    }
    Writer &headers(const HttpHeaders &h) {
        for (const auto &f : h.fields())
            put(f.first).put(": ").put(f.second).put("\r\n");
        return *this;
    }
    QByteArray take() {
        m_bytes.truncate(m_p - m_bytes.constData());
        return std::move(m_bytes);
    }

private:
    QByteArray m_bytes;
    char *m_p;
};

qsizetype headersSize(const HttpHeaders &h) {
    qsizetype n = 0;
    for (const auto &f : h.fields())
        n += f.first.size() + f.second.size() + 4;
    return n;
}

// Field names are short: compared here byte by byte, ASCII letters without case (a call to
// strncasecmp cost more than the compare, once per looked-up field of every request).
bool sameName(const QByteArray &a, QByteArrayView b) {
    if (a.size() != b.size())
        return false;
    const char *p = a.constData(), *q = b.data();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const unsigned x = static_cast<unsigned char>(p[i]) | 0x20;
        if (p[i] != q[i] && (x != (static_cast<unsigned char>(q[i]) | 0x20) || x - 'a' > 'z' - 'a'))
            return false;
    }
    return true;
}
} // namespace

void HttpHeaders::set(const QByteArray &name, const QByteArray &value) {
    remove(name);
    add(name, value);
}

void HttpHeaders::remove(const QByteArray &name) {
    m_fields.removeIf([&](const Field &f) { return sameName(f.first, name); });
}

void HttpHeaders::removeIf(bool (*drop)(const QByteArray &name)) {
    m_fields.removeIf([drop](const Field &f) { return drop(f.first); });
}

bool HttpHeaders::contains(QByteArrayView name) const {
    for (const Field &f : m_fields)
        if (sameName(f.first, name))
            return true;
    return false;
}

QByteArray HttpHeaders::value(QByteArrayView name, const QByteArray &fallback) const {
    for (const Field &f : m_fields)
        if (sameName(f.first, name))
            return f.second;
    return fallback;
}

QByteArray HttpHeaders::combined(QByteArrayView name) const {
    QByteArray out;
    for (const Field &f : m_fields) {
        if (!sameName(f.first, name))
            continue;
        if (!out.isEmpty())
            out += ", ";
        out += f.second;
    }
    return out;
}

void HttpHeaders::appendTo(QByteArray &out) const {
    for (const Field &f : m_fields) {
        out += f.first;
        out += ": ";
        out += f.second;
        out += "\r\n";
    }
}

QByteArray HttpRequest::path() const {
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QByteArray HttpRequest::query() const {
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

QByteArray HttpRequest::requestLine() const {
    QByteArray line;
    line.reserve(method.size() + target.size() + 10);
    appendRequestLine(line);
    return line;
}

void HttpRequest::appendRequestLine(QByteArray &out) const {
    out += method;
    out += ' ';
    out += target;
    out += " HTTP/";
    out += digit(versionMajor);
    out += '.';
    out += digit(versionMinor);
}

bool HttpRequest::isIdempotent() const {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
           method == "DELETE" || method == "TRACE";
}

QByteArray HttpRequest::serialize() const {
    // 64: the spaces, "HTTP/", two version numbers of up to 20 digits, CRLFs.
    Writer out(method.size() + target.size() + headersSize(headers) + body.size() + 64);
    out.put(method).put(' ').put(target).put(' ').version(versionMajor, versionMinor);
    out.put("\r\n").headers(headers).put("\r\n").put(body);
    return out.take();
}

QByteArray HttpResponse::statusLine() const {
    QByteArray line;
    line.reserve(32 + reason.size());
    appendStatusLine(line);
    return line;
}

void HttpResponse::appendStatusLine(QByteArray &out) const {
    out += "HTTP/";
    out += digit(versionMajor);
    out += '.';
    out += digit(versionMinor);
    out += ' ';
    appendNumber(out, status);
    out += ' ';
    if (reason.isEmpty())
        out += reasonPhrase(status);
    else
        out += reason;
}

QByteArray HttpResponse::serialize() const {
    const QByteArray phrase = reason.isEmpty() ? reasonPhrase(status) : reason;
    const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
    const bool addLength = !bodiless && !headers.contains("Content-Length");
    const bool withBody = !headRequest && !bodiless;
    // 128: the status line's numbers and spaces, a Content-Length field, CRLFs.
    Writer out(phrase.size() + headersSize(headers) + (withBody ? body.size() : 0) + 128);
    out.version(versionMajor, versionMinor).put(' ').number(status).put(' ').put(phrase);
    out.put("\r\n").headers(headers);
    if (addLength)
        out.put("Content-Length: ").number(body.size()).put("\r\n");
    out.put("\r\n");
    if (withBody)
        out.put(body);
    return out.take();
}

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Time-out";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Time-out";
    default:
        return "Unknown";
    }
}

bool isHopByHop(const QByteArray &name) {
    // Called for every forwarded field: most names are ruled out by their length alone.
    switch (name.size()) {
    case 2:
    case 7:
    case 10:
    case 14:
    case 16:
    case 17:
        break;
    default:
        return false;
    }
    return equalsIgnoreCase(name, "connection") || equalsIgnoreCase(name, "keep-alive") ||
           equalsIgnoreCase(name, "proxy-connection") || equalsIgnoreCase(name, "te") ||
           equalsIgnoreCase(name, "trailer") || equalsIgnoreCase(name, "transfer-encoding") ||
           equalsIgnoreCase(name, "upgrade") || equalsIgnoreCase(name, "content-length");
}

} // namespace infrastage::http
