#include "appexchange.h"

#include "eventemitter.h"
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
    m_responder.send(response);
    if (!m_tracing)
        return;
    const http::HttpRequest &q = m_request.request;
    QJsonObject d{
        {QStringLiteral("client"),
         m_request.peer.toString() + QLatin1Char(':') + QString::number(m_request.peerPort)},
        {QStringLiteral("method"), QString::fromLatin1(q.method)},
        {QStringLiteral("target"), QString::fromLatin1(q.target)},
        {QStringLiteral("handler"), m_handler},
        {QStringLiteral("status"), response.status},
        {QStringLiteral("bytes"), response.body.size()},
        {QStringLiteral("duration_us"), (http::monotonicNs() - m_request.receivedNs) / 1000},
        {QStringLiteral("served_by"), m_context->servedBy},
        {QStringLiteral("x_forwarded_for"),
         QString::fromLatin1(q.headers.combined("X-Forwarded-For"))}};
    if (EventEmitter::detail()) {
        d.insert(QStringLiteral("received"), HttpRole::messageJson(q.requestLine(), q.headers));
        d.insert(QStringLiteral("forwarded"),
                 HttpRole::messageJson(response.statusLine(), response.headers));
    }
    EventEmitter::emitEvent(QStringLiteral("app.request"), d, QString::fromLatin1(m_trace.traceId));
}

} // namespace infrastage::roles::app
