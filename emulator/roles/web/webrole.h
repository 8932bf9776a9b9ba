#pragma once

#include "httprole.h"
#include "staticfiles.h"

namespace infrastage::roles::web {

// The Nginx role: serves the application files from `root` and forwards every other path to
// the application server(s), naming its server in X-Served-By.
class WebRole final : public HttpRole {
    Q_OBJECT

public:
    bool start(const QJsonObject &config, QString *error) override;

private:
    struct Upstream {
        QString id;
        QHostAddress address;
        quint16 port = 0;
    };
    void handle(const http::ServerRequest &request, const http::Responder &responder);
    void serveStatic(const http::ServerRequest &request, const http::Responder &responder,
                     const StaticFiles::File &file, QByteArrayView trace);
    void forward(const http::ServerRequest &request, const http::Responder &responder,
                 const http::TraceContext &trace, int attempt);
    void finish(const http::ServerRequest &request, const http::Responder &responder,
                http::HttpResponse response, const QString &source, QByteArrayView trace);
    http::HttpResponse errorResponse(int status) const;

    StaticFiles m_files;
    QList<Upstream> m_upstreams;
    int m_next = 0;
    QByteArray m_servedBy;
    QString m_lastError; // why the upstream failed, for the next web.response event
    http::UpstreamPool::Timeouts m_timeouts;
};

} // namespace infrastage::roles::web
