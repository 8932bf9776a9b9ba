#pragma once

#include "upstreamconnection.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>

namespace infrastage::http {

class PeerFilter;

// Keep-alive connections to upstream servers, reused across requests so a busy proxy opens
// few connections. A request that meets a stale kept-alive connection (closed by the server
// while idle) is replayed once on a fresh one, as HAProxy's "http-reuse safe" does.
class UpstreamPool final : public QObject {
    Q_OBJECT

public:
    struct Timeouts {
        int connectMs = 5000;
        int serverMs = 30000;
    };

    explicit UpstreamPool(QObject *parent = nullptr);

    // The local address outgoing connections bind to (the node's own loopback address).
    void setSourceAddress(const QHostAddress &source) { m_source = source; }
    void setPeerFilter(const PeerFilter *filter) { m_filter = filter; }
    void setMaxIdlePerServer(int n) { m_maxIdle = n; }

    // Sends one request; `done` runs exactly once, possibly before this call returns. `raw`:
    // the response may come back as its own bytes (UpstreamResult::raw).
    void send(const QHostAddress &address, quint16 port, const QByteArray &bytes, bool head,
              bool replayable, const Timeouts &timeouts, UpstreamConnection::Callback done,
              bool raw = false);
    // Aborts every connection to `peer` ({"cmd":"cut"}); requests in flight fail.
    void abortPeer(const QHostAddress &peer);
    int idleCount() const;

private:
    static quint64 key(const QHostAddress &address, quint16 port);
    UpstreamConnection *take(quint64 k);
    UpstreamConnection *create(const QHostAddress &address, quint16 port);

    QHostAddress m_source;
    const PeerFilter *m_filter = nullptr;
    int m_maxIdle = 256;
    QHash<quint64, QList<UpstreamConnection *>> m_idle;
};

} // namespace infrastage::http
