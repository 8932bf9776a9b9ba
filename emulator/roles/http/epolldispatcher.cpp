#include "epolldispatcher.h"

#include "monotonic.h"
#include "passend.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <sys/eventfd.h>
#include <unistd.h>

namespace infrastage::http {

namespace {
constexpr qint64 kNsPerMs = 1000000;
} // namespace

EpollDispatcher::EpollDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    , m_ready(256) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = m_wakeFd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &e);
    enablePassEnd();
}

EpollDispatcher::~EpollDispatcher() {
    ::close(m_wakeFd);
    ::close(m_epoll);
}

EpollDispatcher::Watch *EpollDispatcher::watch(int fd) {
    return fd >= 0 && size_t(fd) < m_watches.size() ? &m_watches[size_t(fd)] : nullptr;
}

void EpollDispatcher::registerSocketNotifier(QSocketNotifier *notifier) {
    const int fd = int(notifier->socket());
    if (fd < 0)
        return;
    if (size_t(fd) >= m_watches.size())
        m_watches.resize(std::max(size_t(fd) + 1, m_watches.size() * 2));
    Watch &w = m_watches[size_t(fd)];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        w.read = notifier;
        break;
    case QSocketNotifier::Write:
        w.write = notifier;
        break;
    case QSocketNotifier::Exception:
        w.exception = notifier;
        break;
    }
    markDirty(fd, w);
}

void EpollDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier) {
    const int fd = int(notifier->socket());
    Watch *found = watch(fd);
    if (!found)
        return;
    Watch &w = *found;
    if (w.read == notifier)
        w.read = nullptr;
    if (w.write == notifier)
        w.write = nullptr;
    if (w.exception == notifier)
        w.exception = nullptr;
    if (!w.read && !w.write && !w.exception && w.kernelMask != 0) {
        // The descriptor may be closed right after this: it leaves epoll now, not at the end
        // of the pass (a closed descriptor drops out of epoll by itself, but a duplicate would
        // keep it registered).
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        w.kernelMask = 0;
    }
    if (!w.read && !w.write && !w.exception)
        w.exclusive = false; // the descriptor's number may come back for another
    markDirty(fd, w);
}

bool EpollDispatcher::makeExclusive(int fd) {
    Watch *w = watch(fd);
    if (!w || !w->read || w->write || w->exception)
        return false; // an exclusive waiter waits for reading only
    w->exclusive = true;
    w->kernelMask = 0; // added again, exclusive (applyChanges removes what epoll has first)
    markDirty(fd, *w);
    applyChanges();
    return w->kernelMask == EPOLLIN;
}

void EpollDispatcher::markDirty(int fd, Watch &w) {
    if (!w.dirty) {
        w.dirty = true;
        m_dirty.push_back(fd);
    }
}

void EpollDispatcher::applyChanges() {
    for (int fd : m_dirty) {
        Watch *found = watch(fd);
        if (!found)
            continue;
        Watch &w = *found;
        w.dirty = false;
        quint32 mask = 0;
        if (w.read)
            mask |= EPOLLIN;
        if (w.write)
            mask |= EPOLLOUT;
        if (w.exception)
            mask |= EPOLLPRI;
        if (mask == w.kernelMask)
            continue;
        epoll_event e{};
        e.events = mask;
        e.data.fd = fd;
        if (mask == 0) {
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &e);
            w.kernelMask = 0;
            continue;
        }
        if (w.exclusive) {
            // An exclusive waiter cannot be modified (EPOLL_CTL_MOD refuses EPOLLEXCLUSIVE),
            // only removed and added again; it waits for reading only.
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &e);
            e.events = EPOLLIN | EPOLLEXCLUSIVE;
            const bool added = (mask & EPOLLIN) && ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &e) == 0;
            w.kernelMask = added ? quint32(EPOLLIN) : 0u;
            continue;
        }
        // A descriptor closed and reused behind our back: epoll forgot it, or still has it.
        const int op = w.kernelMask == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
        if (::epoll_ctl(m_epoll, op, fd, &e) != 0) {
            if (errno == EEXIST)
                ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &e);
            else if (errno == ENOENT)
                ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &e);
        }
        w.kernelMask = mask;
    }
    m_dirty.clear();
}

void EpollDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                    QObject *object) {
    m_timers.push_back(
        {timerId, interval, timerType, object, monotonicNs() + interval * kNsPerMs, false});
}

bool EpollDispatcher::unregisterTimer(int timerId) {
    const auto it = std::find_if(m_timers.begin(), m_timers.end(),
                                 [timerId](const Timer &t) { return t.id == timerId; });
    if (it == m_timers.end())
        return false;
    m_timers.erase(it);
    return true;
}

bool EpollDispatcher::unregisterTimers(QObject *object) {
    const auto before = m_timers.size();
    m_timers.erase(std::remove_if(m_timers.begin(), m_timers.end(),
                                  [object](const Timer &t) { return t.object == object; }),
                   m_timers.end());
    return m_timers.size() != before;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollDispatcher::registeredTimers(QObject *object) const {
    QList<TimerInfo> out;
    for (const Timer &t : m_timers) {
        if (t.object == object)
            out.append(TimerInfo(t.id, int(t.intervalMs), t.type));
    }
    return out;
}

int EpollDispatcher::remainingTime(int timerId) {
    for (const Timer &t : m_timers) {
        if (t.id == timerId)
            return int(std::max<qint64>(0, (t.dueNs - monotonicNs()) / kNsPerMs));
    }
    return -1;
}

void EpollDispatcher::wakeUp() {
    // Qt wakes the dispatcher on every posted event. From the loop's own thread it is enough
    // not to sleep before they are sent; only another thread needs the eventfd.
    if (QThread::currentThread() == thread()) {
        m_postedHere = true;
        return;
    }
    if (m_wakePending.exchange(1) == 0) {
        const quint64 one = 1;
        [[maybe_unused]] ssize_t n = ::write(m_wakeFd, &one, sizeof one);
    }
}

void EpollDispatcher::interrupt() {
    m_interrupted.store(true);
    if (m_wakePending.exchange(1) == 0) {
        const quint64 one = 1;
        [[maybe_unused]] ssize_t n = ::write(m_wakeFd, &one, sizeof one);
    }
}

int EpollDispatcher::waitMs() const {
    qint64 soonest = -1;
    for (const Timer &t : m_timers) {
        if (!t.firing && (soonest < 0 || t.dueNs < soonest))
            soonest = t.dueNs;
    }
    if (soonest < 0)
        return -1;
    const qint64 left = soonest - monotonicNs();
    return left <= 0 ? 0 : int((left + kNsPerMs - 1) / kNsPerMs);
}

bool EpollDispatcher::fireTimers() {
    const qint64 now = monotonicNs();
    std::vector<int> due;
    for (Timer &t : m_timers) {
        if (!t.firing && t.dueNs <= now)
            due.push_back(t.id);
    }
    for (int id : due) {
        auto it = std::find_if(m_timers.begin(), m_timers.end(),
                               [id](const Timer &t) { return t.id == id; });
        if (it == m_timers.end())
            continue; // stopped by an earlier handler
        // The next deadline follows the previous one, or now when the loop fell behind.
        it->dueNs += it->intervalMs * kNsPerMs;
        if (it->dueNs <= now)
            it->dueNs = now + it->intervalMs * kNsPerMs;
        it->firing = true;
        QObject *object = it->object;
        QTimerEvent e(id);
        QCoreApplication::sendEvent(object, &e);
        it = std::find_if(m_timers.begin(), m_timers.end(),
                          [id](const Timer &t) { return t.id == id; });
        if (it != m_timers.end())
            it->firing = false;
    }
    return !due.empty();
}

bool EpollDispatcher::dispatchSockets(int ready) {
    bool any = false;
    for (int i = 0; i < ready; ++i) {
        const int fd = m_ready[size_t(i)].data.fd;
        const quint32 ev = m_ready[size_t(i)].events;
        if (fd == m_wakeFd) {
            quint64 count;
            [[maybe_unused]] ssize_t n = ::read(m_wakeFd, &count, sizeof count);
            m_wakePending.store(0);
            continue;
        }
        // Each notifier is looked up again: a handler may have removed any of them.
        auto notify = [&](QSocketNotifier *Watch::*which) {
            Watch *w = watch(fd);
            QSocketNotifier *n = w ? w->*which : nullptr;
            if (!n) // a disabled notifier is unregistered: its pointer is null
                return;
            QEvent e(QEvent::SockAct);
            QCoreApplication::sendEvent(n, &e);
            any = true;
        };
        if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
            notify(&Watch::read);
        if (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR))
            notify(&Watch::write);
        if (ev & EPOLLPRI)
            notify(&Watch::exception);
    }
    return any;
}

bool EpollDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags) {
    m_interrupted.store(false);
    emit awake();
    m_postedHere = false;
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load()) {
        runPassEnd();
        return false;
    }
    applyChanges();
    int timeout = 0;
    const bool canWait = flags & QEventLoop::WaitForMoreEvents;
    if (flags & QEventLoop::WaitForMoreEvents) {
        // As Qt's dispatchers: once per pass of a waiting loop, busy or not (the events of
        // the pass are written then).
        emit aboutToBlock();
        applyChanges(); // its handlers may have changed notifiers
    }
    if (canWait && !m_postedHere)
        timeout = waitMs();
    const int ready = ::epoll_wait(m_epoll, m_ready.data(), int(m_ready.size()), timeout);
    bool any = false;
    if (ready > 0) {
        if (!(flags & QEventLoop::ExcludeSocketNotifiers))
            any = dispatchSockets(ready);
        if (ready == int(m_ready.size()) && m_ready.size() < 4096)
            m_ready.resize(m_ready.size() * 2);
    }
    if (!m_interrupted.load())
        any = fireTimers() || any;
    runPassEnd(); // the writes of this pass leave together
    return any || m_postedHere;
}

} // namespace infrastage::http
