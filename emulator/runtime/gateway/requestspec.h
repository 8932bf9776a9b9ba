#pragma once

#include <QByteArray>
#include <QString>

namespace infrastage::runtime {

// One request a user sends through the running design ("Send request", `infrastage-cli
// request`): GET / , GET /api/guestbook, POST /api/guestbook with a JSON body, ...
struct RequestSpec {
    QByteArray method = "GET";
    QString url = QStringLiteral("http://www.foobar.com/");
    QByteArray body; // sent with Content-Length (and contentType) when not empty
    QByteArray contentType = "application/json";
    QByteArray userAgent = "infrastage-cli request";
};

} // namespace infrastage::runtime
