#pragma once

#include "binlogentry.h"
#include "dbframe.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace infrastage::db {

class RelayLog;

// A replica's I/O thread (MySQL's replica IO thread): reads the primary's stream on the
// connected descriptor itself (read(2) into the frame reader, no QTcpSocket), writes what arrived
// to the relay log and acknowledges it at once with send(2) when a frame asks for it (semi-sync),
// and hands the entries to the node's event loop, which applies them (the SQL thread's part).
// Whatever arrives while the event loop is still applying waits in the inbox and is applied with
// the next group: the acknowledgement never waits behind an apply, and groups form on their own
// when the replica is busy, with no timer.
//
// The event loop may read the stream itself (readHere) when the descriptor wakes it: with the
// loop's watch exclusive and registered first (EpollDispatcher::makeExclusive), the kernel wakes
// the loop while it waits and the thread only while the loop is busy, so an idle replica applies
// what arrives without the hand-over from one thread to the other (one wake-up fewer on the lag's
// path). Whoever reads does the same: relay log, acknowledgement, inbox, one reader at a time.
class ReplicationReceiver final {
public:
    struct Inbox {
        QList<BinlogEntry> entries; // in stream order
        QList<QCborMap> messages;   // the other frames (the subscribe answer, heartbeats)
        bool ackWanted = false;     // an entry asked for an acknowledgement not sent here
        bool relayFailed = false;   // the relay log could not be written (acks once applied)
        bool badFrame = false;      // a frame could not be read: the stream is not to be trusted
        bool closed = false;        // the connection ended; nothing follows
    };

    // fd: connected, non-blocking, taken over. relay: nullptr acknowledges nothing here.
    // notify: called from the thread when the inbox stops being empty.
    ReplicationReceiver(int fd, RelayLog *relay, qint64 appliedSeq, std::function<void()> notify);
    ~ReplicationReceiver(); // stops and joins the thread, closes the descriptor
    ReplicationReceiver(const ReplicationReceiver &) = delete;
    ReplicationReceiver &operator=(const ReplicationReceiver &) = delete;

    bool send(const QByteArray &frame); // whole or not at all (false: the connection is ended)
    // Starts the thread; it waits for the descriptor as an exclusive waiter (EPOLLEXCLUSIVE)
    // registered now, after any exclusive watch of the event loop's.
    void start();
    // Reads what has arrived, on the calling thread (the event loop that the descriptor woke),
    // exactly as the I/O thread would; notifies nobody: the caller takes the inbox next.
    void readHere();
    Inbox take();
    void shutdown(); // ends the connection (a cut, a silent primary): the thread reports closed

    // What the event loop applied and its last lag: the thread's acknowledgements carry them.
    void setApplied(qint64 seq, qint64 lagNs);
    qint64 relayedSeq() const { return m_relayedSeq.load(std::memory_order_relaxed); }
    qint64 lastHeardNs() const { return m_lastHeardNs.load(std::memory_order_relaxed); }
    // Reads that brought bytes, by the event loop (readHere) and by the thread.
    qint64 loopReads() const { return m_loopReads.load(std::memory_order_relaxed); }
    qint64 threadReads() const { return m_threadReads.load(std::memory_order_relaxed); }
    bool acknowledge(qint64 seq, qint64 lagNs); // from either thread

private:
    void run();
    // Under m_readLock. False: the connection ended or broke. *wake: the inbox was empty (the
    // event loop is to be told). *reads counts a read that brought bytes.
    bool readSome(bool *wake, std::atomic<qint64> *reads);
    bool stash(Inbox &&in); // true: the inbox was empty

    int m_fd;
    int m_wake;       // eventfd: stop
    int m_epoll = -1; // the thread's: m_fd (exclusive) and m_wake
    RelayLog *m_relay;
    std::function<void()> m_notify;
    FrameReader m_reader;
    std::thread m_thread;
    std::mutex m_readLock; // the frame reader and m_relay: one reader at a time
    std::mutex m_sendLock, m_inboxLock;
    Inbox m_inbox;
    bool m_inboxEmpty = true;
    std::atomic<qint64> m_relayedSeq{0}, m_applied{0}, m_lagNs{0}, m_lastHeardNs{0};
    std::atomic<qint64> m_loopReads{0}, m_threadReads{0};
};

} // namespace infrastage::db
