#include "approle.h"

#include "appendpoints.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "guestbookdatabase.h"

#include <unistd.h>

namespace infrastage::roles::app {

namespace {
RoleRegistration registration("app", [] { return std::make_unique<AppRole>(); });
} // namespace

bool AppRole::start(const QJsonObject &config, QString *error) {
    m_context.nodeId = config.value(QLatin1String("node")).toString(QStringLiteral("app"));
    m_context.servedBy = config.value(QLatin1String("served_by")).toString(m_context.nodeId);
    m_context.pid = ::getpid();
    m_context.databases = config.value(QLatin1String("databases")).toObject();
    m_context.servedByHeader =
        m_context.nodeId.toUtf8() + " pid " + QByteArray::number(m_context.pid);
    installEndpoints(m_router);
    m_server.setHandler(
        [this](const http::ServerRequest &r, const http::Responder &resp) { handle(r, resp); });
    serveMetrics();
    if (!startServer(config, http::HttpServer::Options(), error))
        return false;
    GuestbookDatabase::instance().setSourceAddress(m_listenAddress.toString());
    EventEmitter::ready(m_server.address().toString(), m_server.port(),
                        QJsonObject{{QStringLiteral("served_by"), m_context.servedBy}});
    runStartHooks(m_context);
    return true;
}

void AppRole::handle(const http::ServerRequest &request, const http::Responder &responder) {
    ++m_context.requests;
    auto exchange = std::make_shared<AppExchange>(request, responder, &m_context, tracing());
    m_router.dispatch(exchange);
}

void AppRole::control(const QJsonObject &command) {
    if (command.value(QLatin1String("cmd")).toString() == QLatin1String("set_databases")) {
        m_context.databases = command.value(QLatin1String("databases")).toObject();
        EventEmitter::emitEvent(
            EventKind::ControlApplied,
            QJsonObject{{QStringLiteral("cmd"), QStringLiteral("set_databases")},
                        {QStringLiteral("databases"), m_context.databases}});
        return;
    }
    HttpRole::control(command);
}

} // namespace infrastage::roles::app
