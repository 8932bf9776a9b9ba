#include "stdoutwriter.h"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace infrastage::cli {

struct StdoutWriter::Shared {
    struct Item {
        QByteArray line;
        qint64 dropped = 0; // > 0: a marker standing for that many dropped lines, in place
    };
    std::mutex mutex;
    std::condition_variable wake;    // the thread: something to write, or closing
    std::condition_variable drained; // drain(): the queue is empty and nothing is being written
    std::deque<Item> queue;
    qint64 queuedBytes = 0;
    qint64 maxBytes = 0;
    qint64 droppedTotal = 0;
    bool writing = false;
    bool closing = false;
    bool finished = false;
    bool broken = false; // the reader is gone (EPIPE...): nothing more can be written
    int fd = 1;
    DropNotice notice;
};

StdoutWriter::StdoutWriter(qint64 maxQueuedBytes, DropNotice dropNotice, int fd)
    : m_shared(std::make_shared<Shared>()) {
    m_shared->maxBytes = maxQueuedBytes;
    m_shared->notice = std::move(dropNotice);
    m_shared->fd = fd;
    std::thread([s = m_shared] { run(s); }).detach();
}

StdoutWriter::~StdoutWriter() {
    drain(2000);
    std::lock_guard lock(m_shared->mutex);
    m_shared->closing = true;
    m_shared->wake.notify_all();
    // The detached thread ends by itself once the queue is empty; if it is stuck in write(),
    // process exit ends it.
}

void StdoutWriter::write(const QByteArray &line) {
    Shared &s = *m_shared;
    std::lock_guard lock(s.mutex);
    if (s.broken)
        return;
    const qint64 size = line.size() + (line.endsWith('\n') ? 0 : 1);
    if (s.queuedBytes + size > s.maxBytes) {
        ++s.droppedTotal;
        if (!s.queue.empty() && s.queue.back().dropped > 0)
            ++s.queue.back().dropped;
        else
            s.queue.push_back({QByteArray(), 1});
    } else {
        s.queue.push_back({line.endsWith('\n') ? line : line + '\n', 0});
        s.queuedBytes += size;
    }
    s.wake.notify_one();
}

bool StdoutWriter::drain(int timeoutMs) {
    Shared &s = *m_shared;
    std::unique_lock lock(s.mutex);
    return s.drained.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                              [&s] { return s.broken || (s.queue.empty() && !s.writing); });
}

qint64 StdoutWriter::droppedLines() const {
    std::lock_guard lock(m_shared->mutex);
    return m_shared->droppedTotal;
}

void StdoutWriter::run(const std::shared_ptr<Shared> &shared) {
    Shared &s = *shared;
    std::unique_lock lock(s.mutex);
    for (;;) {
        s.wake.wait(lock, [&s] { return !s.queue.empty() || s.closing; });
        if (s.queue.empty()) {
            s.finished = true;
            return;
        }
        // Everything queued goes out in one write (up to 64 KiB), the lock released meanwhile.
        QByteArray batch;
        qint64 bytes = 0;
        while (!s.queue.empty() && batch.size() < 64 * 1024) {
            Shared::Item item = std::move(s.queue.front());
            s.queue.pop_front();
            if (item.dropped > 0) {
                batch += s.notice(item.dropped);
                if (!batch.endsWith('\n'))
                    batch += '\n';
            } else {
                bytes += item.line.size();
                batch += item.line;
            }
        }
        s.queuedBytes -= bytes;
        s.writing = true;
        lock.unlock();
        const char *p = batch.constData();
        qint64 left = batch.size();
        bool ok = true;
        while (left > 0) {
            const ssize_t n = ::write(s.fd, p, size_t(left));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ok = false;
                break;
            }
            p += n;
            left -= n;
        }
        lock.lock();
        s.writing = false;
        if (!ok) {
            s.broken = true;
            s.queue.clear();
            s.queuedBytes = 0;
        }
        if (s.queue.empty())
            s.drained.notify_all();
    }
}

} // namespace infrastage::cli
