#pragma once

#include "appexchange.h"

#include <QByteArray>
#include <QList>

#include <functional>

namespace infrastage::roles::app {

using AppHandler = std::function<void(const AppExchangePtr &)>;

// The application's route table: method + path (exact, or a prefix ending in '/') -> handler.
// Endpoint groups add their routes from their own file (see appendpoints.h).
class AppRouter final {
public:
    // `method` empty: any method. `path` ending in "/*": every path under that prefix.
    void add(const QByteArray &method, const QByteArray &path, AppHandler handler);
    // Runs the matching handler; 405 when the path exists for other methods, else 404.
    void dispatch(const AppExchangePtr &exchange) const;

private:
    struct Route {
        QByteArray method;
        QByteArray path;
        bool prefix = false;
        AppHandler handler;
    };
    QList<Route> m_routes;
};

} // namespace infrastage::roles::app
