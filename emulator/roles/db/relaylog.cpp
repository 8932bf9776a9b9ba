#include "relaylog.h"

#include "binlogentry.h"
#include "dbframe.h"
#include "dbstore.h"

#include <QFile>

#include <fcntl.h>
#include <unistd.h>

namespace infrastage::db {

namespace {
constexpr int kReplayGroup = 512; // entries per apply transaction while replaying
}

RelayLog::~RelayLog() {
    if (m_fd >= 0)
        ::close(m_fd);
}

bool RelayLog::open(const QString &path, QString *error) {
    m_fd =
        ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        *error = QStringLiteral("cannot open the relay log %1").arg(path);
        return false;
    }
    m_size = ::lseek(m_fd, 0, SEEK_END);
    return true;
}

bool RelayLog::append(const QByteArray &frames, qint64 lastSeq) {
    const std::lock_guard lock(m_lock);
    const char *p = frames.constData();
    qsizetype left = frames.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        left -= n;
        m_size += n;
    }
    m_lastSeq = lastSeq;
    return true;
}

void RelayLog::clear() {
    if (m_fd >= 0 && ::ftruncate(m_fd, 0) == 0)
        m_size = 0;
}

void RelayLog::trim(qint64 bytes, qint64 appliedSeq) {
    const std::lock_guard lock(m_lock);
    if (m_size > bytes && m_lastSeq <= appliedSeq)
        clear();
}

bool RelayLog::replay(DbStore *store, int *applied, DbErrorCode *code, QString *error) {
    *applied = 0;
    const std::lock_guard lock(m_lock);
    if (m_fd < 0 || m_size == 0)
        return true;
    QByteArray all(qsizetype(m_size), Qt::Uninitialized);
    const ssize_t n = ::pread(m_fd, all.data(), size_t(all.size()), 0);
    all.truncate(n > 0 ? qsizetype(n) : 0);
    FrameReader reader(all.size() + 4);
    reader.append(all);
    QList<BinlogEntry> group;
    qint64 next = store->lastSeq() + 1;
    auto flush = [&] {
        int done = 0;
        const bool ok = group.isEmpty() || store->apply(group, &done, code, error);
        *applied += done;
        group.clear();
        return ok;
    };
    QByteArray payload;
    while (reader.next(&payload) == FrameReader::Status::Frame) {
        QCborMap m;
        QString why;
        if (!decodeMessage(payload, &m, &why))
            break; // a torn or damaged frame: what follows cannot be trusted
        const BinlogEntry e = BinlogEntry::fromMessage(m);
        if (e.seq < next)
            continue; // applied already, or received twice
        if (e.seq > next)
            break; // a gap: the primary sends the rest again
        group.append(e);
        ++next;
        if (group.size() >= kReplayGroup && !flush())
            return false;
    }
    if (!flush())
        return false;
    clear();
    return true;
}

} // namespace infrastage::db
