#pragma once

#include "binlogentry.h"
#include "dbconnection.h"
#include "streamsender.h"

#include <QCborArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace infrastage::db {

class DbStore;

// The sending side of replication on a db node: streams the binary log to subscribed replicas
// from their position, then live; collects their acknowledgements (lag, semi-sync).
class ReplicationSource final : public QObject {
    Q_OBJECT

public:
    ReplicationSource(DbStore *store, qint64 serverId, QObject *parent = nullptr);

    // Semi-synchronous: a write's answer waits for one replica's acknowledgement, at most
    // timeoutMs; then the source falls back to asynchronous until a replica catches up.
    void setSemisync(bool on, int timeoutMs);
    bool semisyncConfigured() const { return m_semisync; }
    bool semisyncActive() const { return m_semisync && m_semisyncOn; }

    // Handles op "subscribe" (answers on the connection).
    void subscribe(DbConnection *connection, const QCborMap &request);
    void acknowledge(DbConnection *connection, qint64 seq, qint64 lagNs);
    // New transactions, in order: written to every streaming replica at once (one write each).
    void publish(const QList<infrastage::db::BinlogEntry> &entries);
    void waitForAck(qint64 seq, std::function<void(bool acked)> done);
    void dropAll();

    QCborArray replicas() const;
    int replicaCount() const { return int(m_subs.size()); }

private:
    struct Subscriber {
        QPointer<DbConnection> connection;
        qint64 next = 1;
        qint64 acked = 0;
        qint64 serverId = 0;
        QString node;
        double lagMs = 0;
        qint64 lastReportNs = 0;
    };
    struct Waiter {
        qint64 seq;
        qint64 deadlineNs; // CLOCK_MONOTONIC
        std::function<void(bool)> done;
    };
    void pump(Subscriber &sub);
    Subscriber *find(DbConnection *c);
    void release(qint64 upTo, bool acked);
    void onTimeout(qint64 seq);
    void checkDeadlines();
    void heartbeat();

    DbStore *m_store;
    qint64 m_serverId;
    std::deque<BinlogEntry> m_recent; // the newest entries, contiguous, to stream without a read
    QList<Subscriber> m_subs;
    QList<Waiter> m_waiters;
    bool m_semisync = false;
    bool m_semisyncOn = true;
    int m_timeoutMs = 1000;
    QTimer m_heartbeat;
    // One timer for every waiter's deadline (the oldest's), not one per write: thousands of
    // timers alive at once made every pass of the event loop slower.
    QTimer m_deadline;
    // The binlog dump thread. It outlives the connections attached to it: DbNode closes its
    // subscribers (dropAll) before the source goes, and its server (with the connections) is
    // destroyed before the source.
    std::unique_ptr<StreamSender> m_sender;
};

} // namespace infrastage::db
