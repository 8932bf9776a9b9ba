#include "walcheckpointer.h"

#include <QString>

#include <sqlite3.h>

namespace infrastage::db {

namespace {
constexpr int kRestartFrames = 4000; // about 16 MB of log with 4 KB pages
} // namespace

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

void WalCheckpointer::run() {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
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
        int frames = 0;
        sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, nullptr);
        // Under writes that never pause, the log is never found fully copied when a write
        // begins, so it would only grow: past kRestartFrames, one RESTART checkpoint makes the
        // next write start it over (the node waits for that one, rarely).
        if (frames > kRestartFrames)
            sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        lock.lock();
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace infrastage::db
