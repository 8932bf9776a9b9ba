#pragma once

#include "httpserver.h"
#include "tracecontext.h"

#include <QJsonObject>
#include <QSet>

#include <memory>

namespace infrastage::roles::lb {

// One client request on its way through the HTTP proxy: from the client's request to the
// response or error page, across retries and a wait in a queue.
struct ProxyExchange {
    http::ServerRequest request;
    http::Responder responder;
    http::TraceContext trace;
    QByteArray forwardBytes;
    QJsonObject forwardedDetail;
    QSet<int> tried;
    int attempt = 0;
    int fixedServer = -1; // retry target without redispatch
    qint64 forwardNs = 0;
    bool tls = false;            // came to the HTTPS listener
    bool requestPending = false; // lb.request not written yet: it may share the forward's line
};
using ExchangePtr = std::shared_ptr<ProxyExchange>;

} // namespace infrastage::roles::lb
