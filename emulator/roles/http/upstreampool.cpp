#include "upstreampool.h"

#include "peerfilter.h"

namespace infrastage::http {

UpstreamPool::UpstreamPool(QObject *parent)
    : QObject(parent) {}

quint64 UpstreamPool::key(const QHostAddress &address, quint16 port) {
    return (quint64(address.toIPv4Address()) << 16) | port;
}

UpstreamConnection *UpstreamPool::take(quint64 k) {
    auto it = m_idle.find(k);
    if (it == m_idle.end())
        return nullptr;
    QList<UpstreamConnection *> &list = it.value();
    while (!list.isEmpty()) {
        UpstreamConnection *c = list.takeLast(); // the warmest one
        if (c->usable())
            return c;
        c->abort();
    }
    return nullptr;
}

UpstreamConnection *UpstreamPool::create(const QHostAddress &address, quint16 port) {
    auto *c = new UpstreamConnection(address, port, m_source, this);
    const quint64 k = key(address, port);
    connect(c, &UpstreamConnection::becameIdle, this, [this, k](UpstreamConnection *conn) {
        QList<UpstreamConnection *> &list = m_idle[k];
        if (list.size() >= m_maxIdle) {
            conn->abort();
            return;
        }
        list.append(conn);
    });
    connect(c, &UpstreamConnection::closed, this, [this, k](UpstreamConnection *conn) {
        auto it = m_idle.find(k);
        if (it != m_idle.end())
            it.value().removeOne(conn);
    });
    return c;
}

void UpstreamPool::send(const QHostAddress &address, quint16 port, const QByteArray &bytes,
                        bool head, bool replayable, const Timeouts &timeouts,
                        UpstreamConnection::Callback done, bool raw) {
    if (m_filter && m_filter->isCut(address)) {
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done)] {
                UpstreamResult r;
                r.status = UpstreamStatus::ConnectFailed;
                r.error = "Connection refused (link cut)";
                done(std::move(r));
            },
            Qt::QueuedConnection);
        return;
    }
    UpstreamConnection *c = take(key(address, port));
    const bool reused = c != nullptr;
    if (!c)
        c = create(address, port);
    if (!reused || !replayable) {
        c->send(bytes, head, timeouts.connectMs, timeouts.serverMs, std::move(done), raw);
        return;
    }
    c->send(
        bytes, head, timeouts.connectMs, timeouts.serverMs,
        [this, address, port, bytes, head, timeouts, raw,
         done = std::move(done)](UpstreamResult &&r) mutable {
            if (r.status != UpstreamStatus::EmptyResponse) {
                done(std::move(r));
                return;
            }
            // The server closed the idle connection just as we reused it: replay once on a
            // fresh connection, which cannot be stale.
            UpstreamConnection *fresh = create(address, port);
            fresh->send(bytes, head, timeouts.connectMs, timeouts.serverMs, std::move(done), raw);
        },
        raw);
}

void UpstreamPool::abortPeer(const QHostAddress &peer) {
    const QList<UpstreamConnection *> all = findChildren<UpstreamConnection *>();
    for (UpstreamConnection *c : all)
        if (c->address().isEqual(peer, QHostAddress::ConvertV4MappedToIPv4))
            c->abort();
}

int UpstreamPool::idleCount() const {
    int n = 0;
    for (const auto &list : m_idle)
        n += int(list.size());
    return n;
}

} // namespace infrastage::http
