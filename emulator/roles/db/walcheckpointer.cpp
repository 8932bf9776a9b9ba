#include "walcheckpointer.h"

#include "dbstore.h"

#include <QString>

#include <sqlite3.h>

namespace infrastage::db {

WalCheckpointer::WalCheckpointer(const QString &path, bool syncFull, int intervalMs)
    : m_path(path.toUtf8())
    , m_syncFull(syncFull)
    , m_intervalMs(intervalMs)
    , m_thread([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

namespace {
// As long as the node's connection waited with sqlite3_busy_timeout() before.
constexpr std::chrono::milliseconds kBusyTimeout{5000};
} // namespace

void WalCheckpointer::bound(sqlite3 *nodeDb) {
    sqlite3_wal_hook(nodeDb, afterCommit, this);
    sqlite3_busy_handler(nodeDb, busy, this);
}

// The node's connection met a lock held by the only other connection to its file, this
// thread's: a RESTART checkpoint holds the write lock while it copies the log's tail and syncs
// the file. SQLite's own busy handler slept 1, 2, 5, 10, 15, 20, 25... ms whatever the
// checkpoint took, each sleep ending past it (8 ms lost to a 3 ms checkpoint; 180 ms with the
// node's whole event loop asleep under load); this one waits for that checkpoint to end and
// tries again at once. What else makes a write wait (nothing here, in practice) gets short
// sleeps, growing to a millisecond.
int WalCheckpointer::busy(void *self, int tries) {
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    const auto now = std::chrono::steady_clock::now();
    if (tries == 0)
        checkpointer->m_busySince = now;
    const auto left = kBusyTimeout - (now - checkpointer->m_busySince);
    if (left <= std::chrono::steady_clock::duration::zero())
        return 0; // SQLITE_BUSY: reported to whoever wrote
    if (!checkpointer->m_nodeCheckpointing && tries < 3) {
        std::unique_lock<std::timed_mutex> lock(checkpointer->m_checkpointing, std::defer_lock);
        if (!lock.try_lock_for(left))
            return 0;
        return 1; // the checkpoint ended: again
    }
    std::this_thread::sleep_for(std::chrono::microseconds(std::min(1000, 50 * tries)));
    return 1;
}

// Called by SQLite after each commit of the node's connection with the log's length in frames
// (about 4 KB each); no transaction is open, so a checkpoint may run here.
int WalCheckpointer::afterCommit(void *self, sqlite3 *db, const char *schema, int frames) {
    if (frames > kHardFrames) {
        auto *checkpointer = static_cast<WalCheckpointer *>(self);
        std::lock_guard<std::timed_mutex> lock(checkpointer->m_checkpointing);
        // Copies what is left and waits (busy handler) for readers; the next write then starts
        // the log over. Should it still fail, the next commit tries again.
        checkpointer->m_nodeCheckpointing = true;
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        checkpointer->m_nodeCheckpointing = false;
    }
    return SQLITE_OK;
}

void WalCheckpointer::run() {
    sqlite3 *db = nullptr;
    // The node's VFS (DbStore::kVfs): the log's index is in this process's memory, shared
    // with the node's connection only if both use it.
    if (sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        DbStore::kVfs) != SQLITE_OK) {
        sqlite3_close(db);
        return; // the node's own connection reports what is wrong with the file
    }
    // The same durability as the node's connection: the checkpoint syncs what it copies.
    sqlite3_exec(db, m_syncFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", nullptr,
                 nullptr, nullptr);
    // A RESTART checkpoint waits this long at most for the node's transaction to end.
    sqlite3_busy_timeout(db, 200);
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs),
                            [this] { return m_stop; })) {
        lock.unlock();
        {
            std::lock_guard<std::timed_mutex> checkpointing(m_checkpointing);
            int frames = 0;
            sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, nullptr);
            // Under writes that never pause, the log is never found fully copied when a write
            // begins, so it would only grow: past kRestartFrames, one RESTART checkpoint makes
            // the next write start it over (when it loses the race, bound() is the backstop).
            if (frames > kRestartFrames)
                sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        }
        lock.lock();
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace infrastage::db
