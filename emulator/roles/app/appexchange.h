#pragma once

#include "appcontext.h"
#include "httpserver.h"
#include "tracecontext.h"

#include <memory>

namespace infrastage::roles::app {

// One request in the application: what arrived, its trace, and the way back. Handlers may
// answer at once or later (after a database call) by keeping the shared pointer.
class AppExchange final {
public:
    AppExchange(http::ServerRequest request, http::Responder responder, AppContext *context,
                bool tracing);

    const http::ServerRequest &request() const { return m_request; }
    const http::TraceContext &trace() const { return m_trace; }
    AppContext &context() { return *m_context; }
    // The route that took the request, for the event ("/api/info").
    void setHandler(const QString &route) { m_handler = route; }

    void respond(int status, const QByteArray &contentType, const QByteArray &body);
    // Adds X-Served-By, sends, and emits the app.request event. Only the first call counts.
    void respond(http::HttpResponse response);
    bool responded() const { return m_responded; }

private:
    http::ServerRequest m_request;
    http::Responder m_responder;
    AppContext *m_context;
    http::TraceContext m_trace;
    QString m_handler;
    bool m_tracing;
    bool m_responded = false;
};

using AppExchangePtr = std::shared_ptr<AppExchange>;

} // namespace infrastage::roles::app
