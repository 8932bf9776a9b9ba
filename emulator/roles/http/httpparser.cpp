#include "httpparser.h"

#include <array>
#include <climits>
#include <cstring>
#include <strings.h>

namespace infrastage::http {

namespace {

// RFC 9110 token characters: a field name is a token. The library lets some non-tokens through
// (a space before the colon, found by the fuzz target), which a proxy must never forward.
bool isToken(const QByteArray &name) {
    static const auto table = [] {
        std::array<bool, 256> t{};
        for (int c = '0'; c <= '9'; ++c)
            t[size_t(c)] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            t[size_t(c)] = true;
        for (int c = 'A'; c <= 'Z'; ++c)
            t[size_t(c)] = true;
        for (const char *p = "!#$%&'*+-.^_`|~"; *p; ++p)
            t[size_t(static_cast<unsigned char>(*p))] = true;
        return t;
    }();
    if (name.isEmpty())
        return false;
    for (char ch : name)
        if (!table[static_cast<unsigned char>(ch)])
            return false;
    return true;
}

// libhttp-parser recognises framing fields by prefix while it scans ("Transfer-Encoding#" counts as
// Transfer-Encoding, found by the fuzz target): a near-miss of a framing field is refused.
bool framingLookalike(const QByteArray &name) {
    for (const char *f : {"transfer-encoding", "content-length"}) {
        const size_t n = std::strlen(f);
        if (size_t(name.size()) > n && ::strncasecmp(name.constData(), f, n) == 0)
            return true;
    }
    return false;
}

bool hasControl(const QByteArray &value) {
    for (char ch : value) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

// The library hands most tokens over in one piece: an empty array then takes them with one
// allocation, without QByteArray::append's growth logic.
void take(QByteArray &to, const char *at, size_t len) {
    if (to.isEmpty())
        to = QByteArray(at, qsizetype(len));
    else
        to.append(at, qsizetype(len));
}

// The field names most messages carry, spelled as they usually are: a name that matches one
// exactly is that shared copy, not an allocation of its own.
const QByteArray *commonName(const char *at, size_t len) {
    static const QByteArray names[] = {
        QByteArrayLiteral("Host"),         QByteArrayLiteral("User-Agent"),
        QByteArrayLiteral("Accept"),       QByteArrayLiteral("Accept-Encoding"),
        QByteArrayLiteral("Content-Type"), QByteArrayLiteral("Content-Length"),
        QByteArrayLiteral("Connection"),   QByteArrayLiteral("traceparent"),
        QByteArrayLiteral("Date"),         QByteArrayLiteral("Server"),
        QByteArrayLiteral("ETag"),         QByteArrayLiteral("Last-Modified"),
        QByteArrayLiteral("X-Served-By"),  QByteArrayLiteral("X-Forwarded-For"),
        QByteArrayLiteral("X-Real-IP"),    QByteArrayLiteral("Cache-Control"),
    };
    for (const QByteArray &n : names)
        if (size_t(n.size()) == len && std::memcmp(n.constData(), at, len) == 0)
            return &n;
    return nullptr;
}

HttpParser *self(http_parser *p) {
    return static_cast<HttpParser *>(p->data);
}

} // namespace

HttpParser::HttpParser(Mode mode)
    : m_mode(mode) {
    http_parser_init(&m_parser, mode == Mode::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    m_parser.data = this;
}

void HttpParser::fail(Error e, const QByteArray &text) {
    if (m_error == Error::None) {
        m_error = e;
        m_errorText = text;
    }
}

bool HttpParser::countHeaderBytes(size_t len) {
    m_headerBytes += qsizetype(len);
    if (m_headerBytes > m_headerLimit) {
        fail(Error::HeadersTooLarge,
             "header section over " + QByteArray::number(m_headerLimit) + " bytes");
        return false;
    }
    return true;
}

int HttpParser::onMessageBegin(http_parser *p) {
    HttpParser *s = self(p);
    s->m_inMessage = true;
    s->m_headerBytes = 0;
    s->m_lastWasValue = false;
    s->m_field.clear();
    s->m_value.clear();
    // Room for a typical message's fields up front, rather than growing the list field by field.
    if (s->m_mode == Mode::Request) {
        s->m_request = HttpRequest();
        s->m_request.headers.reserve(16);
    } else {
        s->m_response = HttpResponse();
        s->m_response.headers.reserve(16);
    }
    return 0;
}

int HttpParser::onUrl(http_parser *p, const char *at, size_t len) {
    HttpParser *s = self(p);
    if (!s->countHeaderBytes(len))
        return 1;
    take(s->m_request.target, at, len);
    return 0;
}

int HttpParser::onStatus(http_parser *p, const char *at, size_t len) {
    HttpParser *s = self(p);
    if (!s->countHeaderBytes(len))
        return 1;
    take(s->m_response.reason, at, len);
    return 0;
}

int HttpParser::onHeaderField(http_parser *p, const char *at, size_t len) {
    HttpParser *s = self(p);
    if (!s->countHeaderBytes(len + 4))
        return 1;
    if (s->m_lastWasValue) {
        HttpHeaders &h = s->m_mode == Mode::Request ? s->m_request.headers : s->m_response.headers;
        h.add(s->m_field, s->m_value);
        s->m_field.clear();
        s->m_value.clear();
        s->m_lastWasValue = false;
    }
    const QByteArray *common = s->m_field.isEmpty() ? commonName(at, len) : nullptr;
    if (common)
        s->m_field = *common;
    else
        take(s->m_field, at, len);
    return 0;
}

int HttpParser::onHeaderValue(http_parser *p, const char *at, size_t len) {
    HttpParser *s = self(p);
    if (!s->countHeaderBytes(len))
        return 1;
    take(s->m_value, at, len);
    s->m_lastWasValue = true;
    return 0;
}

int HttpParser::onHeadersComplete(http_parser *p) {
    HttpParser *s = self(p);
    const bool request = s->m_mode == Mode::Request;
    HttpHeaders &h = request ? s->m_request.headers : s->m_response.headers;
    if (!s->m_field.isEmpty())
        h.add(s->m_field, s->m_value);
    s->m_field.clear();
    s->m_value.clear();
    s->m_lastWasValue = false;
    for (const auto &f : h.fields()) {
        if (!isToken(f.first) || framingLookalike(f.first) || hasControl(f.second)) {
            s->fail(Error::Malformed, "invalid header field \"" + f.first.left(64) + '"');
            return -1;
        }
    }
    // Only HTTP/1.0 and 1.1: the library also takes a request line without a version (0.9).
    if (p->http_major != 1 || p->http_minor > 1) {
        s->fail(Error::Malformed, "unsupported HTTP version " + QByteArray::number(p->http_major) +
                                      '.' + QByteArray::number(p->http_minor));
        return -1;
    }
    if (request) {
        // The library's method names are static strings: no copy needed.
        const char *method = http_method_str(http_method(p->method));
        s->m_request.method = QByteArray::fromRawData(method, qsizetype(std::strlen(method)));
        s->m_request.versionMajor = p->http_major;
        s->m_request.versionMinor = p->http_minor;
    } else {
        s->m_response.status = int(p->status_code);
        s->m_response.versionMajor = p->http_major;
        s->m_response.versionMinor = p->http_minor;
    }
    if (p->content_length != ULLONG_MAX && p->content_length > quint64(s->m_bodyLimit)) {
        s->fail(Error::BodyTooLarge, "body of " + QByteArray::number(p->content_length) +
                                         " bytes over " + QByteArray::number(s->m_bodyLimit));
        return -1;
    }
    if (!request && s->m_headPending) {
        s->m_response.headRequest = true;
        return 1; // a HEAD answer carries Content-Length but no body
    }
    return 0;
}

int HttpParser::onBody(http_parser *p, const char *at, size_t len) {
    HttpParser *s = self(p);
    QByteArray &body = s->m_mode == Mode::Request ? s->m_request.body : s->m_response.body;
    if (body.size() + qsizetype(len) > s->m_bodyLimit) {
        s->fail(Error::BodyTooLarge, "body over " + QByteArray::number(s->m_bodyLimit) + " bytes");
        return 1;
    }
    body.append(at, qsizetype(len));
    return 0;
}

int HttpParser::onMessageComplete(http_parser *p) {
    HttpParser *s = self(p);
    const bool keepAlive = http_should_keep_alive(p) != 0 && !p->upgrade;
    if (s->m_mode == Mode::Request) {
        s->m_request.keepAlive = keepAlive;
        s->m_requests.append(std::move(s->m_request));
        s->m_request = HttpRequest();
    } else {
        s->m_response.keepAlive = keepAlive;
        s->m_responses.append(std::move(s->m_response));
        s->m_response = HttpResponse();
        s->m_headPending = false;
    }
    s->m_inMessage = false;
    return 0;
}

bool HttpParser::feed(const char *data, qsizetype size) {
    if (m_error != Error::None)
        return false;
    if (m_upgraded)
        return true;
    static const http_parser_settings cb = [] {
        http_parser_settings v;
        http_parser_settings_init(&v);
        v.on_message_begin = &HttpParser::onMessageBegin;
        v.on_url = &HttpParser::onUrl;
        v.on_status = &HttpParser::onStatus;
        v.on_header_field = &HttpParser::onHeaderField;
        v.on_header_value = &HttpParser::onHeaderValue;
        v.on_headers_complete = &HttpParser::onHeadersComplete;
        v.on_body = &HttpParser::onBody;
        v.on_message_complete = &HttpParser::onMessageComplete;
        return v;
    }();
    const size_t done = http_parser_execute(&m_parser, &cb, data, size_t(size));
    if (m_error != Error::None)
        return false;
    const http_errno err = HTTP_PARSER_ERRNO(&m_parser);
    if (err == HPE_HEADER_OVERFLOW) {
        fail(Error::HeadersTooLarge, http_errno_description(err));
        return false;
    }
    if (err != HPE_OK) {
        fail(Error::Malformed,
             QByteArray(http_errno_name(err)) + ": " + http_errno_description(err));
        return false;
    }
    if (m_parser.upgrade) {
        // Upgrades (WebSocket, h2c) are not offered; the request itself was delivered above
        // with keep-alive off, and whatever follows is not HTTP/1.1 any more.
        m_upgraded = true;
        return true;
    }
    if (done != size_t(size)) {
        fail(Error::Malformed, "parser stopped early");
        return false;
    }
    return true;
}

void HttpParser::finish() {
    if (m_error != Error::None)
        return;
    feed(nullptr, 0);
}

} // namespace infrastage::http
