#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QList>

#include <http_parser.h>

namespace infrastage::http {

// Incremental HTTP/1.x parsing on top of libhttp-parser (the parser Node.js used for a decade):
// bytes go in as they arrive, whole messages come out. The wrapper only collects what the
// library reports and enforces our limits; it never interprets syntax itself.
class HttpParser final {
public:
    enum class Mode { Request, Response };
    // Why parsing stopped for good; maps onto the status a server answers with.
    enum class Error {
        None,
        Malformed,       // 400: the library rejected the bytes
        HeadersTooLarge, // 431: request line + header fields over the limit
        BodyTooLarge,    // 413: body over the limit
    };

    explicit HttpParser(Mode mode);
    HttpParser(const HttpParser &) = delete;
    HttpParser &operator=(const HttpParser &) = delete;

    void setHeaderLimit(qsizetype bytes) { m_headerLimit = bytes; }
    void setBodyLimit(qsizetype bytes) { m_bodyLimit = bytes; }

    // Response mode: the next response answers a HEAD request, so it has no body.
    void expectHeadResponse(bool head) { m_headPending = head; }

    // Parses as much as possible; completed messages queue up (pipelining). Returns false once
    // an error is set; later calls do nothing.
    bool feed(const char *data, qsizetype size);
    // The peer closed: a response delimited by end of connection completes here.
    void finish();

    Error error() const { return m_error; }
    QByteArray errorText() const { return m_errorText; }
    // Bytes of a message are buffered that are not yet a whole message.
    bool inMessage() const { return m_inMessage; }
    bool hasRequest() const { return !m_requests.isEmpty(); }
    bool hasResponse() const { return !m_responses.isEmpty(); }
    HttpRequest takeRequest() { return m_requests.takeFirst(); }
    HttpResponse takeResponse() { return m_responses.takeFirst(); }
    qsizetype queued() const { return m_requests.size() + m_responses.size(); }

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t len);
    static int onStatus(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);
    bool countHeaderBytes(size_t len);
    void fail(Error e, const QByteArray &text);

    Mode m_mode;
    http_parser m_parser;
    qsizetype m_headerLimit = 16 * 1024;
    qsizetype m_bodyLimit = 8 * 1024 * 1024;
    qsizetype m_headerBytes = 0;
    bool m_inMessage = false;
    bool m_headPending = false;
    bool m_lastWasValue = false;
    bool m_upgraded = false;
    Error m_error = Error::None;
    QByteArray m_errorText;
    HttpRequest m_request;
    HttpResponse m_response;
    QByteArray m_field;
    QByteArray m_value;
    QList<HttpRequest> m_requests;
    QList<HttpResponse> m_responses;
};

} // namespace infrastage::http
