#include "approuter.h"

namespace infrastage::roles::app {

void AppRouter::add(const QByteArray &method, const QByteArray &path, AppHandler handler) {
    Route r;
    r.method = method;
    r.prefix = path.endsWith("/*");
    r.path = r.prefix ? path.chopped(1) : path;
    r.handler = std::move(handler);
    m_routes.append(std::move(r));
}

void AppRouter::dispatch(const AppExchangePtr &exchange) const {
    const QByteArray path = exchange->request().request.path();
    const QByteArray &method = exchange->request().request.method;
    bool pathKnown = false;
    for (const Route &r : m_routes) {
        const bool match = r.prefix ? path.startsWith(r.path) : path == r.path;
        if (!match)
            continue;
        pathKnown = true;
        const bool methodOk =
            r.method.isEmpty() || r.method == method || (r.method == "GET" && method == "HEAD");
        if (!methodOk)
            continue;
        exchange->setHandler(QString::fromLatin1(r.prefix ? r.path + '*' : r.path));
        r.handler(exchange);
        return;
    }
    const int status = pathKnown ? 405 : 404;
    exchange->respond(status, "application/json",
                      "{\"error\":\"" + QByteArray(pathKnown ? "method not allowed" : "not found") +
                          "\",\"path\":\"" + path.toPercentEncoding("/") + "\"}\n");
}

} // namespace infrastage::roles::app
