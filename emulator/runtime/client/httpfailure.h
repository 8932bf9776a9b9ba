#pragma once

#include <QString>

namespace infrastage::runtime {

// Why a client request got no response: the error classes of the load's metric snapshots.
enum class HttpFailure {
    None,        // it got a response
    Refused,     // the connection was refused (nothing listens, or a cut link)
    Timeout,     // no complete response within the client's timeout (a frozen node)
    Closed,      // the server closed the connection before the response ended
    Tls,         // the TLS handshake failed
    BadResponse, // bytes that are not HTTP
    Network,     // any other socket error
};

inline QString httpFailureName(HttpFailure f) {
    switch (f) {
    case HttpFailure::None:
        return QStringLiteral("none");
    case HttpFailure::Refused:
        return QStringLiteral("refused");
    case HttpFailure::Timeout:
        return QStringLiteral("timeout");
    case HttpFailure::Closed:
        return QStringLiteral("closed");
    case HttpFailure::Tls:
        return QStringLiteral("tls");
    case HttpFailure::BadResponse:
        return QStringLiteral("bad_response");
    case HttpFailure::Network:
        return QStringLiteral("network");
    }
    return QString();
}

} // namespace infrastage::runtime
