#include "streamsender.h"

#include "dbconnection.h"
#include "http/socketwrite.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace infrastage::db {

namespace {
constexpr qsizetype kDrained = 256 * 1024; // DbConnection's mark: below it a streamer goes on
constexpr int kMaxPolled = 64;
} // namespace

StreamSender::StreamSender()
    : m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    , m_thread([this] { run(); }) {}

StreamSender::~StreamSender() {
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_stop = true;
        m_idle.wait(lock, [this] {
            for (const Stream &s : m_streams) {
                if (s.busy)
                    return false;
            }
            return true;
        });
        m_streams.clear();
        if (m_polling) {
            const quint64 one = 1;
            [[maybe_unused]] ssize_t n = ::write(m_wakeFd, &one, sizeof one);
        }
    }
    m_wake.notify_all();
    m_thread.join();
    ::close(m_wakeFd);
}

int StreamSender::indexOf(int fd) const {
    for (size_t i = 0; i < m_streams.size(); ++i) {
        if (m_streams[i].fd == fd)
            return int(i);
    }
    return -1;
}

void StreamSender::attach(int fd, DbConnection *owner) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (indexOf(fd) < 0) {
        Stream s;
        s.fd = fd;
        s.owner = owner;
        m_streams.push_back(s);
    }
}

void StreamSender::detach(int fd) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this, fd] {
        const int i = indexOf(fd);
        return i < 0 || !m_streams[size_t(i)].busy;
    });
    const int i = indexOf(fd);
    if (i >= 0)
        m_streams.erase(m_streams.begin() + i);
}

void StreamSender::queue(int fd, const QByteArray &bytes) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const int i = indexOf(fd);
    if (i < 0)
        return;
    Stream &s = m_streams[size_t(i)];
    if (s.dead)
        return;
    s.out += bytes;
    if (s.out.size() + s.inFlight >= kDrained)
        s.full = true;
}

void StreamSender::kick() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        bool work = false;
        for (const Stream &s : m_streams)
            work = work || (!s.out.isEmpty() && !s.blocked && !s.dead);
        if (!work)
            return; // nothing to send: the thread is not woken for nothing
        if (m_polling) {
            const quint64 one = 1;
            [[maybe_unused]] ssize_t n = ::write(m_wakeFd, &one, sizeof one);
            return;
        }
    }
    m_wake.notify_one(); // no system call when the thread is not waiting
}

qsizetype StreamSender::pending(int fd) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    const int i = indexOf(fd);
    return i < 0 ? 0 : m_streams[size_t(i)].out.size() + m_streams[size_t(i)].inFlight;
}

void StreamSender::waitWritable(std::unique_lock<std::mutex> &lock) {
    pollfd fds[kMaxPolled + 1];
    nfds_t n = 0;
    fds[n++] = {m_wakeFd, POLLIN, 0};
    for (const Stream &s : m_streams) {
        if (s.blocked && !s.dead && n <= kMaxPolled)
            fds[n++] = {s.fd, POLLOUT, 0};
    }
    m_polling = true;
    lock.unlock();
    ::poll(fds, n, 100);
    lock.lock();
    m_polling = false;
    if (fds[0].revents) {
        quint64 count;
        [[maybe_unused]] ssize_t r = ::read(m_wakeFd, &count, sizeof count);
    }
    for (nfds_t k = 1; k < n; ++k) {
        const int i = indexOf(fds[k].fd);
        if (i >= 0 && fds[k].revents)
            m_streams[size_t(i)].blocked = false;
    }
}

void StreamSender::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_stop) {
        int next = -1;
        bool anyBlocked = false;
        for (size_t i = 0; i < m_streams.size(); ++i) {
            const Stream &s = m_streams[i];
            if (s.dead || s.busy || s.out.isEmpty())
                continue;
            if (s.blocked) {
                anyBlocked = true;
                continue;
            }
            next = int(i);
            break;
        }
        if (next < 0) {
            if (anyBlocked)
                waitWritable(lock);
            else
                m_wake.wait(lock);
            continue;
        }
        sendOut(lock, m_streams[size_t(next)]);
    }
}

bool StreamSender::sendOut(std::unique_lock<std::mutex> &lock, Stream &s) {
    const int fd = s.fd;
    const QByteArray data = std::exchange(s.out, QByteArray());
    s.inFlight = data.size();
    s.busy = true;
    lock.unlock();
    const qsizetype sent = http::sendSome(fd, data.constData(), data.size());
    lock.lock();
    const int i = indexOf(fd); // detach() waits for busy: it is still there
    Stream &t = m_streams[size_t(i)];
    t.busy = false;
    t.inFlight = 0;
    if (sent < 0) {
        t.dead = true; // the owner hears of it from its read side too
        t.out.clear();
        if (DbConnection *owner = t.owner)
            QMetaObject::invokeMethod(owner, &DbConnection::close, Qt::QueuedConnection);
    } else if (sent < data.size()) {
        t.out.prepend(data.mid(sent));
        t.blocked = true;
    }
    if (t.full && t.out.size() < kDrained) {
        t.full = false;
        if (DbConnection *owner = t.owner)
            QMetaObject::invokeMethod(owner, &DbConnection::drained, Qt::QueuedConnection);
    }
    m_idle.notify_all();
    return t.blocked;
}

void StreamSender::wakeThread() {
    if (m_polling) {
        const quint64 one = 1;
        [[maybe_unused]] ssize_t n = ::write(m_wakeFd, &one, sizeof one);
    } else {
        m_wake.notify_one();
    }
}

void StreamSender::sendNow(int fd) {
    std::unique_lock<std::mutex> lock(m_mutex);
    const int i = indexOf(fd);
    if (i < 0)
        return;
    Stream &s = m_streams[size_t(i)];
    // Busy: the thread is sending and takes what was queued next; blocked: it waits for room.
    if (s.dead || s.busy || s.blocked || s.out.isEmpty())
        return;
    if (sendOut(lock, s))
        wakeThread(); // the rest waits for room: the thread's part
}

} // namespace infrastage::db
