// /api/info: the JSON the demo page's script shows (which host and process answered).
#include "appendpoints.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrastage::roles::app {

namespace {
AppEndpointRegistration registration("info", [](AppRouter &router) {
    router.add("GET", "/api/info", [](const AppExchangePtr &x) {
        AppContext &c = x->context();
        const QJsonObject o{
            {QStringLiteral("host"), c.servedBy},
            {QStringLiteral("node"), c.nodeId},
            {QStringLiteral("pid"), c.pid},
            {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("requests"), c.requests},
            {QStringLiteral("trace"), QString::fromLatin1(x->trace().traceId())},
            {QStringLiteral("client"),
             QString::fromLatin1(x->request().request.headers.combined("X-Forwarded-For"))}};
        x->respond(200, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    });
});
} // namespace

} // namespace infrastage::roles::app
