#pragma once

#include <QByteArray>

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
class WalCheckpointer final {
public:
    WalCheckpointer(const QString &path, bool syncFull, int intervalMs = 100);
    ~WalCheckpointer(); // stops the thread and waits for it

    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    void run();

    QByteArray m_path;
    bool m_syncFull;
    int m_intervalMs;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace infrastage::db
