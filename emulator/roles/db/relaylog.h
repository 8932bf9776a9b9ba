#pragma once

#include "dberrorcode.h"

#include <QByteArray>
#include <QString>

#include <mutex>

namespace infrastage::db {

class DbStore;

// A replica's relay log (MySQL's): the binary-log frames it received, appended to a file of its
// data directory before it acknowledges them, so a semi-synchronous primary hears back on
// receipt rather than after the replica applied and committed. A write(2) is in the page cache
// the moment it returns, so what was acknowledged survives the replica process being killed
// (the class of durability of the rest, synchronous=NORMAL): replay() applies it at the next
// start or promotion. Entries are applied from the relay only when they follow the store's
// position; older ones (applied already, or received twice across a reconnect) are skipped,
// a gap or a torn last frame ends the replay. The replica's I/O thread appends while its event
// loop applies and trims: the two are serialized here.
class RelayLog final {
public:
    RelayLog() = default;
    ~RelayLog();
    RelayLog(const RelayLog &) = delete;
    RelayLog &operator=(const RelayLog &) = delete;

    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_fd >= 0; }
    bool append(const QByteArray &frames, qint64 lastSeq); // whole frames, as they came
    // Applies what follows the store's position; then the relay is emptied (on success).
    bool replay(DbStore *store, int *applied, DbErrorCode *code, QString *error);
    // Empties the relay once it holds more than `bytes`, if everything in it is applied (its last
    // entry is at or before appliedSeq).
    void trim(qint64 bytes, qint64 appliedSeq);

private:
    void clear();

    std::mutex m_lock;
    int m_fd = -1;
    qint64 m_size = 0;
    qint64 m_lastSeq = 0; // of the last frame appended
};

} // namespace infrastage::db
