#pragma once

#include "lbconfig.h"

#include <array>

namespace infrastage::roles::lb {

// A backend server's live state, shared by the balancer, the health checks, the proxy and the
// stats page.
struct BackendServer {
    LbServerConfig config;
    QString addressText; // config.address as text, for events
    // The server's fields of lb.choice ("server", "host", "address", "port", and the lb's
    // "algorithm") and of lb.forward ("server", "address", "port"), formatted once
    // (FastEvent::addFields).
    QByteArray choiceFields;
    QByteArray forwardFields;
    QByteArray serverField; // "server" alone (lb.response)
    bool up = true;         // HAProxy starts servers UP...
    int health = 0;      // ...with health == rise: one failed check takes it DOWN (set by checker)
    int inFlight = 0;    // requests (http) or connections (tcp) being served
    int queued = 0;      // requests waiting in this server's own queue
    int swrrCurrent = 0; // smooth weighted round robin state
    qint64 requests = 0; // sent to this server (attempts included)
    std::array<qint64, 6> responses{}; // by class: [1]=1xx .. [5]=5xx, [0]=other
    qint64 checkFailures = 0;
    qint64 transitions = 0;
    QString lastCheck = QStringLiteral("not checked yet");
    qint64 lastChangeMs = 0; // coarse monotonic ms of the last UP/DOWN change

    // At its maxconn, or with requests already waiting for it: a new request would queue.
    bool full() const { return config.maxconn > 0 && (inFlight >= config.maxconn || queued > 0); }
};

} // namespace infrastage::roles::lb
