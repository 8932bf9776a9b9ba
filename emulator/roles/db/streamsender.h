#pragma once

#include <QByteArray>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace infrastage::db {

class DbConnection;

// MySQL's binlog dump thread, for what the kernel does not take at once: the event loop writes
// a transaction's frames itself when the stream is idle (sendNow(): one send(2), no hand-over),
// and a stream with a backlog (a replica catching up, a full socket buffer) is this thread's,
// so the event loop never waits for a slow replica. History: every frame used to go through
// the thread, because a send(2) on the loop woke the replica's process on the loop's core (the
// kernel's "sync" wake-up hint) while the client and the primary took turns on it; that
// doubled the rate when the replica was one single-threaded process. Since the replica reads
// on an I/O thread of its own (ReplicationReceiver) the hint draws only that thread, and the
// hand-over's extra wake-up is what costs: at load 4-5, five alternating rounds of
// bench_datareplication --rate-only, sent from the loop against through the thread: semi-sync
// 3,601 against 3,013 writes/s (ahead in 4 of 5), async 4,789 against 4,422 (3 of 5), the
// servers' CPU per write lower in 8 of the 10 pairs.
//
// Thread safety: every method is for the node's event-loop thread; the thread only sends. It
// must outlive the connections attached to it (ReplicationSource, created after the server's
// listener, closes its subscribers first).
class StreamSender final {
public:
    StreamSender();
    ~StreamSender(); // stops the thread (connections still attached are detached first)

    // From now on the frames for `fd` are this sender's (sendNow(), then the thread). owner, if
    // any, is told (queued, on its thread) when a backlog has drained and when the peer is gone.
    void attach(int fd, DbConnection *owner);
    // Drops what is queued for `fd` and waits until no send(2) on it is under way: then the
    // descriptor may be closed.
    void detach(int fd);
    void queue(int fd, const QByteArray &bytes);
    void kick(); // sends what was queued (cheap while the thread is busy anyway)
    // Sends what is queued for `fd` from the caller's thread, as much as the kernel takes at
    // once; the rest, or all of it when the thread is already sending, is the thread's.
    void sendNow(int fd);
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
    // Under the lock (released during send(2)): sends what is queued on s; true if the kernel
    // left some of it (s is then blocked until writable). s may have moved when it returns.
    bool sendOut(std::unique_lock<std::mutex> &lock, Stream &s);
    void wakeThread(); // under the lock
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
