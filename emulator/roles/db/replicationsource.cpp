#include "replicationsource.h"

#include "dberrorcode.h"
#include "dbstore.h"
#include "eventemitter.h"
#include "events/eventkind.h"

#include <QJsonArray>

namespace infrastage::db {

using roles::EventEmitter::emitEvent;
using roles::EventEmitter::nowNs;

namespace {
constexpr size_t kRecent = 4096;
constexpr int kHistoryWindow = 2000;
} // namespace

ReplicationSource::ReplicationSource(DbStore *store, qint64 serverId, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_serverId(serverId) {
    m_heartbeat.setInterval(500);
    connect(&m_heartbeat, &QTimer::timeout, this, &ReplicationSource::heartbeat);
    m_heartbeat.start();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ReplicationSource::checkDeadlines);
}

void ReplicationSource::setSemisync(bool on, int timeoutMs) {
    m_semisync = on;
    m_semisyncOn = true;
    m_timeoutMs = qMax(1, timeoutMs);
    if (!on)
        release(std::numeric_limits<qint64>::max(), false);
}

ReplicationSource::Subscriber *ReplicationSource::find(DbConnection *c) {
    for (Subscriber &s : m_subs) {
        if (s.connection == c)
            return &s;
    }
    return nullptr;
}

void ReplicationSource::subscribe(DbConnection *c, const QCborMap &req) {
    const qint64 id = req.value(QLatin1String("id")).toInteger(0);
    const qint64 after = req.value(QLatin1String("after")).toInteger(-1);
    const qint64 origin = req.value(QLatin1String("origin")).toInteger(0);
    QCborMap answer{{QStringLiteral("id"), id}, {QStringLiteral("latest"), m_store->lastSeq()}};
    if (after < 0) {
        answer.insert(QStringLiteral("ok"), false);
        answer.insert(QStringLiteral("code"), int(DbErrorCode::BadRequest));
        answer.insert(QStringLiteral("error"), QStringLiteral("subscribe needs \"after\""));
        c->send(answer);
        c->finish();
        return;
    }
    // The replica's last transaction must be ours too (same id, same origin): otherwise the two
    // histories diverged and streaming would silently merge them.
    if (after > 0 && m_store->originAt(after) != origin) {
        const qint64 from = qMax<qint64>(1, qMin(after, m_store->lastSeq()) - kHistoryWindow);
        QCborArray history;
        for (const auto &[seq, o] : m_store->history(from, 2 * kHistoryWindow + 1))
            history.append(QCborArray{seq, o});
        answer.insert(QStringLiteral("ok"), false);
        answer.insert(QStringLiteral("code"), int(DbErrorCode::Diverged));
        answer.insert(
            QStringLiteral("error"),
            QStringLiteral("transaction %1 (origin %2) is not in this server's binary log")
                .arg(after)
                .arg(origin));
        answer.insert(QStringLiteral("history"), history);
        c->send(answer);
        c->finish();
        return;
    }
    if (!find(c)) {
        Subscriber s;
        s.connection = c;
        s.next = after + 1;
        s.acked = after;
        s.serverId = req.value(QLatin1String("server_id")).toInteger(0);
        s.node = req.value(QLatin1String("node")).toString();
        m_subs.append(s);
        connect(c, &DbConnection::drained, this, [this, c] {
            if (Subscriber *sub = find(c))
                pump(*sub);
        });
        connect(c, &DbConnection::closed, this, [this](DbConnection *gone) {
            for (qsizetype i = 0; i < m_subs.size(); ++i) {
                if (m_subs.at(i).connection == gone || !m_subs.at(i).connection) {
                    emitEvent(EventKind::ReplicationReplicaDisconnected,
                              QJsonObject{{QStringLiteral("replica"), m_subs.at(i).node}});
                    m_subs.removeAt(i--);
                }
            }
        });
    }
    emitEvent(EventKind::ReplicationReplicaConnected,
              QJsonObject{{QStringLiteral("replica"), req.value(QLatin1String("node")).toString()},
                          {QStringLiteral("after"), after},
                          {QStringLiteral("latest"), m_store->lastSeq()}});
    answer.insert(QStringLiteral("ok"), true);
    c->send(answer);
    c->finish();
    // The stream leaves from the binlog dump thread, started with the first replica.
    if (!m_sender)
        m_sender = std::make_unique<StreamSender>();
    c->streamFrom(m_sender.get());
    pump(*find(c));
}

void ReplicationSource::pump(Subscriber &sub) {
    DbConnection *c = sub.connection;
    if (!c)
        return;
    while (sub.next <= m_store->lastSeq() && c->bytesToWrite() < 512 * 1024) {
        if (!m_recent.empty() && sub.next >= m_recent.front().seq) {
            const BinlogEntry &e = m_recent.at(size_t(sub.next - m_recent.front().seq));
            c->sendFrame(e.toFrame(m_semisync));
            ++sub.next;
            continue;
        }
        const QList<BinlogEntry> batch = m_store->readBinlog(sub.next - 1, 256);
        if (batch.isEmpty())
            break;
        for (const BinlogEntry &e : batch)
            c->sendFrame(e.toFrame(m_semisync));
        sub.next = batch.last().seq + 1;
    }
    // Now, from here: one send(2) when the stream is idle, no hand-over to the binlog dump
    // thread (StreamSender), which takes only what the kernel does not take at once.
    c->flushHere();
}

void ReplicationSource::publish(const QList<BinlogEntry> &entries) {
    for (const BinlogEntry &entry : entries) {
        if (!m_recent.empty() && m_recent.back().seq + 1 != entry.seq)
            m_recent.clear(); // history was rewound or skipped: restart the window
        m_recent.push_back(entry);
        if (m_recent.size() > kRecent)
            m_recent.pop_front();
    }
    for (Subscriber &s : m_subs)
        pump(s);
}

void ReplicationSource::acknowledge(DbConnection *c, qint64 seq, qint64 lagNs) {
    Subscriber *s = find(c);
    c->finish();
    if (!s)
        return;
    s->acked = qMax(s->acked, seq);
    s->lagMs = double(lagNs) / 1e6;
    release(seq, true);
    if (m_semisync && !m_semisyncOn && s->acked >= m_store->lastSeq()) {
        m_semisyncOn = true;
        emitEvent(EventKind::ReplicationSemisync,
                  QJsonObject{{QStringLiteral("state"), QStringLiteral("on")},
                              {QStringLiteral("reason"),
                               QStringLiteral("replica %1 caught up").arg(s->node)}});
    }
    const qint64 now = nowNs();
    if (now - s->lastReportNs > 1000000000LL) {
        s->lastReportNs = now;
        emitEvent(EventKind::ReplicationReplica,
                  QJsonObject{{QStringLiteral("replica"), s->node},
                              {QStringLiteral("acked"), s->acked},
                              {QStringLiteral("behind_txns"), m_store->lastSeq() - s->acked},
                              {QStringLiteral("lag_ms"), s->lagMs}});
    }
}

void ReplicationSource::waitForAck(qint64 seq, std::function<void(bool)> done) {
    if (!semisyncActive()) {
        done(false);
        return;
    }
    for (const Subscriber &s : std::as_const(m_subs)) {
        if (s.acked >= seq) {
            done(true);
            return;
        }
    }
    m_waiters.append({seq, nowNs() + qint64(m_timeoutMs) * 1000000, std::move(done)});
    if (!m_deadline.isActive())
        m_deadline.start(m_timeoutMs);
}

void ReplicationSource::checkDeadlines() {
    const qint64 now = nowNs();
    qint64 next = -1;
    for (const Waiter &w : std::as_const(m_waiters)) {
        if (w.deadlineNs <= now) {
            onTimeout(w.seq); // releases every waiter
            return;
        }
        next = next < 0 ? w.deadlineNs : qMin(next, w.deadlineNs);
    }
    if (next > 0)
        m_deadline.start(int((next - now) / 1000000) + 1);
}

void ReplicationSource::release(qint64 upTo, bool acked) {
    QList<Waiter> ready;
    for (qsizetype i = 0; i < m_waiters.size(); ++i) {
        if (m_waiters.at(i).seq <= upTo)
            ready.append(m_waiters.takeAt(i--));
    }
    for (Waiter &w : ready)
        w.done(acked);
}

void ReplicationSource::onTimeout(qint64 seq) {
    bool waiting = false;
    for (const Waiter &w : std::as_const(m_waiters))
        waiting = waiting || w.seq == seq;
    if (!waiting || !m_semisyncOn)
        return;
    m_semisyncOn = false;
    emitEvent(EventKind::ReplicationSemisync,
              QJsonObject{{QStringLiteral("state"), QStringLiteral("off")},
                          {QStringLiteral("reason"),
                           QStringLiteral("no replica acknowledged transaction %1 within %2 ms; "
                                          "falling back to asynchronous")
                               .arg(seq)
                               .arg(m_timeoutMs)},
                          {QStringLiteral("replicas"), int(m_subs.size())}});
    release(std::numeric_limits<qint64>::max(), false);
}

void ReplicationSource::heartbeat() {
    const QCborMap hb{{QStringLiteral("op"), QStringLiteral("heartbeat")},
                      {QStringLiteral("latest"), m_store->lastSeq()},
                      {QStringLiteral("ts"), nowNs()},
                      {QStringLiteral("server_id"), m_serverId}};
    for (Subscriber &s : m_subs) {
        if (s.connection) {
            s.connection->send(hb);
            s.connection->flush();
        }
    }
}

void ReplicationSource::dropAll() {
    release(std::numeric_limits<qint64>::max(), false);
    const QList<Subscriber> subs = m_subs;
    m_subs.clear();
    for (const Subscriber &s : subs) {
        if (s.connection)
            s.connection->close();
    }
}

QCborArray ReplicationSource::replicas() const {
    QCborArray out;
    for (const Subscriber &s : m_subs) {
        out.append(QCborMap{
            {QStringLiteral("node"), s.node},
            {QStringLiteral("server_id"), s.serverId},
            {QStringLiteral("acked"), s.acked},
            {QStringLiteral("behind_txns"), m_store->lastSeq() - s.acked},
            {QStringLiteral("lag_ms"), s.lagMs},
            {QStringLiteral("peer"), s.connection ? s.connection->peerAddress() : QString()}});
    }
    return out;
}

} // namespace infrastage::db
