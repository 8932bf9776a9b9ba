#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <strings.h>

namespace infrastage::http {

// Header fields in arrival order; names compare case-insensitively. A plain list because
// messages have a dozen fields and keep their order on the wire.
class HttpHeaders final {
public:
    using Field = QPair<QByteArray, QByteArray>;

    void add(const QByteArray &name, const QByteArray &value) { m_fields.append({name, value}); }
    // Replaces every field called `name` with one field (appended if absent).
    void set(const QByteArray &name, const QByteArray &value);
    void remove(const QByteArray &name);
    // Removes every field whose name `drop` accepts, keeping the others in order.
    void removeIf(bool (*drop)(const QByteArray &name));
    void reserve(qsizetype fields) { m_fields.reserve(fields); }
    // Lookups take a view: a name given as a literal costs no allocation.
    bool contains(QByteArrayView name) const;
    // The first value, or `fallback`.
    QByteArray value(QByteArrayView name, const QByteArray &fallback = QByteArray()) const;
    // All values of repeated fields joined with ", " (RFC 9110 list semantics).
    QByteArray combined(QByteArrayView name) const;
    const QList<Field> &fields() const { return m_fields; }
    void clear() { m_fields.clear(); }
    qsizetype size() const { return m_fields.size(); }
    // "Name: value\r\n" for every field.
    void appendTo(QByteArray &out) const;

private:
    QList<Field> m_fields;
};

// One parsed HTTP request. The body is kept whole: the demo's messages are small.
struct HttpRequest {
    QByteArray method; // "GET"
    QByteArray target; // request-target as received, "/api/info?x=1"
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;
    QByteArray body;
    bool keepAlive = true; // after this exchange, per the version and Connection field

    QByteArray path() const;  // target without query, still percent-encoded
    QByteArray query() const; // after '?', empty when none
    QByteArray requestLine() const;
    void appendRequestLine(QByteArray &out) const;
    bool isIdempotent() const;    // GET, HEAD, OPTIONS, PUT, DELETE, TRACE
    QByteArray serialize() const; // request line + headers + body, as given
};

// One HTTP response, to parse (from an upstream) or to send.
struct HttpResponse {
    int status = 200;
    QByteArray reason; // empty: the standard phrase for `status`
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;
    QByteArray body;
    bool keepAlive = true;
    bool headRequest = false; // the answer to HEAD: framing headers but no body on the wire

    QByteArray statusLine() const;
    void appendStatusLine(QByteArray &out) const;
    // Status line, headers (Content-Length set from the body unless 1xx/204/304) and body.
    QByteArray serialize() const;
};

// The standard reason phrase ("Not Found"); HAProxy's spelling for 504 ("Gateway Time-out").
QByteArray reasonPhrase(int status);

// True for fields that describe one connection and are not forwarded by proxies. Content-Length
// counts too: proxies here re-frame whole bodies and write their own.
bool isHopByHop(const QByteArray &name);

// Whether `a` is the literal `b` but for ASCII case: the sizes compared first (no strlen), no
// allocation.
template <size_t N> bool equalsIgnoreCase(const QByteArray &a, const char (&b)[N]) {
    return a.size() == qsizetype(N - 1) && ::strncasecmp(a.constData(), b, N - 1) == 0;
}

} // namespace infrastage::http
