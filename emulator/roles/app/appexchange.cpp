#include "appexchange.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "fastevent.h"
#include "httpdate.h"
#include "httprole.h"
#include "monotonic.h"

namespace infrastage::roles::app {

AppExchange::AppExchange(http::ServerRequest request, http::Responder responder,
                         AppContext *context, bool tracing)
    : m_request(std::move(request))
    , m_responder(std::move(responder))
    , m_context(context)
    , m_trace(http::TraceContext::fromHeaders(m_request.request.headers, false))
    , m_tracing(tracing) {}

void AppExchange::respond(int status, const QByteArray &contentType, const QByteArray &body) {
    http::HttpResponse r;
    r.status = status;
    r.headers.add("Content-Type", contentType);
    r.body = body;
    respond(std::move(r));
}

void AppExchange::respond(http::HttpResponse response) {
    if (m_responded)
        return;
    m_responded = true;
    response.headers.add("Date", http::currentHttpDate());
    response.headers.add("Server", "infrastage-app");
    response.headers.set("X-Served-By", m_context->servedByHeader);
    if (!m_tracing) {
        m_responder.send(response);
        return;
    }
    // Stamped before the answer goes: the caller may log its own step first otherwise.
    const http::HttpRequest &q = m_request.request;
    const qint64 now = http::monotonicNs(); // the event's time and the duration's end
    FastEvent e(EventKind::AppRequest, m_trace, now);
    e.addEndpoint("client", m_request.peerText, m_request.peerPort)
        .add("method", q.method)
        .add("target", q.target)
        .add("handler", m_handler)
        .add("status", response.status)
        .add("bytes", qint64(response.body.size()))
        .add("duration_us", (now - m_request.receivedNs) / 1000)
        .add("served_by", m_context->servedBy)
        .add("x_forwarded_for", q.headers.combined("X-Forwarded-For"));
    if (EventEmitter::detail()) {
        e.add("received", HttpRole::messageJson(q.requestLine(), q.headers));
        e.add("forwarded", HttpRole::messageJson(response.statusLine(), response.headers));
    }
    m_responder.send(response);
    e.send();
}

} // namespace infrastage::roles::app
