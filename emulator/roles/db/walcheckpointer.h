#pragma once

#include <QByteArray>

struct sqlite3;

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace infrastage::db {

// Copies a database's write-ahead log back into its file from a thread and a connection of its
// own, so the node's event loop never waits for a checkpoint. SQLite's automatic checkpoint
// runs inside the committing statement: every thousand pages one commit paid a checkpoint and
// its fsync (10-15 ms here), which was most of the replication lag's tail. PASSIVE checkpoints
// never block the node's reads and writes; the node's own connection turns its automatic ones
// off (DbStore::open).
//
// Under writes that never pause, the thread's RESTART checkpoint can lose every race for the
// write lock, and the log would then grow without limit (27-40 MB in a busy test). bound() is
// the backstop: past kHardFrames, the node's own connection restarts the log right after a
// commit, when no write is in progress, so the log stays bounded however busy the machine is;
// the node's writes wait for that one checkpoint.
class WalCheckpointer final {
public:
    static constexpr int kRestartFrames = 4000; // the thread asks for a restart past this
    static constexpr int kHardFrames = 5000;    // the node restarts the log itself past this

    WalCheckpointer(const QString &path, bool syncFull, int intervalMs = 100);
    ~WalCheckpointer(); // stops the thread and waits for it

    // Installs the hard bound and the busy handler (busy()) on the node's own (writing)
    // connection; this object must outlive them (DbStore stops it before closing the
    // connection).
    void bound(sqlite3 *nodeDb);

    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    void run();
    static int afterCommit(void *self, sqlite3 *db, const char *schema, int frames);
    static int busy(void *self, int tries);

    QByteArray m_path;
    bool m_syncFull;
    int m_intervalMs;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    // Held while a checkpoint runs: SQLite refuses a second checkpointer at once (SQLITE_BUSY,
    // no busy handler), so the node's backstop waits here for the thread's checkpoint to end,
    // and so does a node's write that a RESTART holds up (busy()).
    std::timed_mutex m_checkpointing;
    // The node's thread only: its backstop is running; when its wait for a lock began.
    bool m_nodeCheckpointing = false;
    std::chrono::steady_clock::time_point m_busySince;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace infrastage::db
