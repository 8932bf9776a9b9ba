#pragma once

#include <QAbstractEventDispatcher>

#include <sys/epoll.h>

#include <atomic>
#include <vector>

namespace infrastage::http {

// The event loop of a role process, on Linux epoll instead of GLib's poll(2) over every
// descriptor on each pass (HAProxy's way). Socket notifiers are registered once and changed in
// the kernel only when their interest really changes at the end of a pass (a notifier switched
// off and on within one pass costs nothing); timers are a short list; an event posted from the
// loop's own thread needs no wake-up write. Installed for the main thread of infrastage-node
// (main.cpp); INFRASTAGE_DISPATCHER=qt keeps Qt's own.
class EpollDispatcher final : public QAbstractEventDispatcher {
    Q_OBJECT

public:
    explicit EpollDispatcher(QObject *parent = nullptr);
    ~EpollDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

    // Makes the read notifier registered for `fd` an exclusive waiter (EPOLLEXCLUSIVE), in the
    // kernel at once rather than at the pass's end. Of the exclusive waiters on a descriptor the
    // kernel wakes one: the first registered that is asleep. A thread that waits for the same
    // descriptor exclusively, registered after this call, is then woken only while this loop is
    // busy (ReplicationReceiver: the loop reads its stream itself when idle, a hand-over fewer).
    // False if `fd` has no read notifier here.
    bool makeExclusive(int fd);

private:
    struct Watch {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 kernelMask = 0; // what epoll has for this descriptor (0: not added)
        bool dirty = false;
        bool exclusive = false; // EPOLLEXCLUSIVE (makeExclusive): changed by removing and adding
    };
    struct Timer {
        int id;
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 dueNs;
        bool firing = false; // not fired again from inside its own handler
    };

    void markDirty(int fd, Watch &w);
    void applyChanges();
    int waitMs() const; // until the next timer is due; -1: none
    bool fireTimers();
    bool dispatchSockets(int ready);

    int m_epoll = -1;
    int m_wakeFd = -1;            // eventfd: wake-ups from other threads
    Watch *watch(int fd);         // null when `fd` has no notifier
    std::vector<Watch> m_watches; // by descriptor: they are small numbers
    std::vector<int> m_dirty;
    std::vector<Timer> m_timers;
    std::vector<epoll_event> m_ready;
    bool m_postedHere = false; // an event was posted from this thread since the last pass
    std::atomic<bool> m_interrupted{false};
    std::atomic<int> m_wakePending{0};
};

} // namespace infrastage::http
