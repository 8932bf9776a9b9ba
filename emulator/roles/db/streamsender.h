#pragma once

#include <QByteArray>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace infrastage::db {

class DbConnection;

// MySQL's binlog dump thread: the replication stream to the replicas is written from a thread
// of its own, so the node's event loop only appends a transaction's frames and goes on to
// answer its client. Measured why (bench_datareplication, one connection, async): a send(2) on
// the loop woke the replica with the kernel's "sync" hint, which places the woken process on
// the sender's core; the replica then ran on the core the client and the primary take turns
// on, once per write, while the other core idled. Pinning the replica to the other core by hand
// doubled the rate (13,000-15,000 against 5,800-11,000 writes/s) and cut the replica's CPU per
// write by half (it applied several transactions per wake-up). A condition variable's wake-up
// carries no such hint, and the sender's own send(2) then draws the replica to the sender's
// core, not the loop's: the placement MySQL's threads get.
//
// Thread safety: every method is for the node's event-loop thread; the thread only sends. It
// must outlive the connections attached to it (ReplicationSource, created after the server's
// listener, closes its subscribers first).
class StreamSender final {
public:
    StreamSender();
    ~StreamSender(); // stops the thread (connections still attached are detached first)

    // From now on the frames for `fd` go through this thread. owner is told (queued, on its
    // thread) when a backlog has drained and when the peer is gone.
    void attach(int fd, DbConnection *owner);
    // Drops what is queued for `fd` and waits until no send(2) on it is under way: then the
    // descriptor may be closed.
    void detach(int fd);
    void queue(int fd, const QByteArray &bytes);
    void kick(); // sends what was queued (cheap while the thread is busy anyway)
    qsizetype pending(int fd) const; // queued or being sent, for flow control

private:
    struct Stream {
        int fd = -1;
        DbConnection *owner = nullptr; // alive while attached (it detaches before it goes)
        QByteArray out;                // queued
        qsizetype inFlight = 0;        // being sent by the thread
        bool busy = false;             // the thread is in send(2) on it
        bool blocked = false;          // the kernel's buffer was full: wait until writable
        bool full = false;             // above the drained mark: tell the owner when below
        bool dead = false;             // the peer is gone: nothing more is sent
    };
    void run();
    int indexOf(int fd) const; // under the lock; -1 if none
    void waitWritable(std::unique_lock<std::mutex> &lock);

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // work for the thread
    std::condition_variable m_idle; // a send(2) ended (detach waits for it)
    std::vector<Stream> m_streams;
    int m_wakeFd = -1;      // eventfd: interrupts the thread's poll(2) on blocked streams
    bool m_polling = false; // the thread is in poll(2)
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace infrastage::db
