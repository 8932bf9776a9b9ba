#pragma once

#include "binlogentry.h"
#include "dbendpoint.h"
#include "dbframe.h"

#include <QCborMap>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

class QSocketNotifier;

namespace infrastage::db {

class DbStore;
class RelayLog;
class ReplicationReceiver;

// The receiving side of replication on a replica: connects to the primary (a non-blocking
// descriptor), asks for everything after its persisted position, and leaves the stream to its
// I/O thread (ReplicationReceiver: relay log and semi-sync acknowledgements on receipt). The
// event loop applies entries in order, whatever is waiting in one SQLite transaction (each entry
// with its position), acknowledges what it applied now and then, reports lag, honours an
// optional delay, and stops (without merging anything) when its history diverged from the
// primary's.
class ReplicationClient final : public QObject {
    Q_OBJECT

public:
    // relay: where received entries go before they are acknowledged (semi-sync hears back on
    // receipt); nullptr: acknowledged once applied (a delayed replica).
    ReplicationClient(DbStore *store, RelayLog *relay, const DbEndpoint &primary,
                      const QString &bindAddress, qint64 serverId, int delayMs,
                      QObject *parent = nullptr);
    ~ReplicationClient() override;

    void start();
    void stop();
    // Takes and applies what the I/O thread received and has not handed over yet: a request
    // served after a semi-sync acknowledgement sees the acknowledged writes.
    void catchUp() { drain(); }
    void setCut(bool cut);
    // A slowed replica ({"cmd":"slow"}) waits `ms` after applying each transaction, as a replica
    // on a slow disk: with writes coming faster than that, it falls behind. 0 removes it.
    void setApplySlowMs(int ms);
    const DbEndpoint &primary() const { return m_primary; }
    bool isStopped() const { return m_stopped; }

    QCborMap status() const;
    // Per-transaction replication lag samples (commit on the primary -> applied here), in µs.
    QCborArray lagSamples() const;
    QCborArray rowLagSamples() const;

signals:
    void applied(const QList<infrastage::db::BinlogEntry> &entries); // committed, in order

private:
    void resume(); // replays the relay log, then connects
    void connectNow();
    void onConnectable(); // the non-blocking connect finished, one way or the other
    void drain();         // takes what the I/O thread received
    void readStream();    // the stream woke the idle event loop: read here, then drain
    void onDisconnected();
    void closeConnection();
    void handle(const QCborMap &m);
    void applyReady();
    void diverged(const QCborMap &answer);
    void halt(const QString &kind, const QJsonObject &details);
    void reportLag(bool force);
    void acknowledge(); // the last applied transaction, to the primary
    qint64 behindTxns() const;
    double behindMs() const;

    DbStore *m_store;
    RelayLog *m_relay;
    DbEndpoint m_primary;
    QString m_bind;
    qint64 m_serverId;
    int m_delayMs;
    int m_applySlowMs = 0;
    int m_connectingFd = -1;
    QSocketNotifier *m_connecting = nullptr;
    std::unique_ptr<ReplicationReceiver> m_receiver; // the connection, once established
    QSocketNotifier *m_stream = nullptr; // the loop's exclusive watch of it (EpollDispatcher)
    std::deque<BinlogEntry> m_queue;
    QTimer m_retry, m_delayTimer, m_watchdog, m_lagTimer, m_ackTimer;
    bool m_ackNow = false; // a frame asked for an acknowledgement at once (semi-sync)
    bool m_subscribed = false;
    bool m_stopped = true;
    bool m_cut = false;
    bool m_halted = false;
    qint64 m_primaryLatest = 0;
    double m_lastLagMs = 0;
    QString m_state = QStringLiteral("stopped");
    // Rings of lag samples, µs: to the replica's commit, and to its rows written in the
    // transaction before that (DbStore::apply's rowsWrittenNs).
    struct LagRing {
        std::vector<qint32> samples;
        size_t next = 0;
        void add(qint64 lagNs);
        QCborArray toArray() const;
    };
    LagRing m_samples, m_rowSamples;
    std::vector<qint64> m_rowsWrittenNs;
    qint64 m_reportedApplied = -1;
    qint64 m_applyGroups = 0; // SQLite transactions that applied entries (status: apply_groups)
    // Reads of the stream that brought bytes, on the event loop and on the I/O thread, by the
    // connections before the current one (status: stream_reads_loop, stream_reads_thread).
    qint64 m_loopReads = 0, m_threadReads = 0;
};

} // namespace infrastage::db
