#pragma once

#include "appcontext.h"
#include "approuter.h"
#include "httprole.h"

namespace infrastage::roles::app {

// The application server of the demo site: a route table of endpoint groups behind an HTTP/1.1
// server. Every response names this process in X-Served-By.
class AppRole final : public HttpRole {
    Q_OBJECT

public:
    bool start(const QJsonObject &config, QString *error) override;
    void control(const QJsonObject &command) override;

private:
    void handle(const http::ServerRequest &request, const http::Responder &responder);

    AppContext m_context;
    AppRouter m_router;
};

} // namespace infrastage::roles::app
