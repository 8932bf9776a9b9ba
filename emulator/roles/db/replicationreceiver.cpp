#include "replicationreceiver.h"

#include "cborwriter.h"
#include "eventemitter.h"
#include "relaylog.h"

#include <QtEndian>

#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

namespace infrastage::db {

namespace {
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kChunksPerDelivery = 16; // a long backlog is handed over a megabyte at a time
} // namespace

ReplicationReceiver::ReplicationReceiver(int fd, RelayLog *relay, qint64 appliedSeq,
                                         std::function<void()> notify)
    : m_fd(fd)
    , m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
    , m_relay(relay)
    , m_notify(std::move(notify))
    , m_reader(kDefaultMaxFrame * 4)
    , m_applied(appliedSeq)
    , m_lastHeardNs(roles::EventEmitter::nowNs()) {}

ReplicationReceiver::~ReplicationReceiver() {
    if (m_thread.joinable()) {
        const quint64 one = 1;
        while (::write(m_wake, &one, sizeof one) < 0 && errno == EINTR) {
        }
        m_thread.join();
    }
    if (m_epoll >= 0)
        ::close(m_epoll);
    ::close(m_wake);
    ::close(m_fd);
}

void ReplicationReceiver::start() {
    // Registered here, on the event loop's thread, after the loop's own exclusive watch: the
    // kernel tries exclusive waiters in the order they came (EpollDispatcher::makeExclusive).
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event stream{};
    stream.events = EPOLLIN | EPOLLEXCLUSIVE;
    stream.data.fd = m_fd;
    epoll_event stop{};
    stop.events = EPOLLIN;
    stop.data.fd = m_wake;
    if (m_epoll >= 0) {
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_fd, &stream);
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &stop);
    }
    m_thread = std::thread([this] { run(); });
}

void ReplicationReceiver::readHere() {
    const std::lock_guard lock(m_readLock);
    bool wake = false;
    readSome(&wake, &m_loopReads);
}

bool ReplicationReceiver::send(const QByteArray &frame) {
    const std::lock_guard lock(m_sendLock);
    qsizetype done = 0;
    while (done < frame.size()) {
        const ssize_t n = ::send(m_fd, frame.constData() + done, size_t(frame.size() - done),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // A primary that does not read its replica's few bytes for this long is stuck or
            // gone; half a frame cannot be left in the stream: the connection ends here.
            ::shutdown(m_fd, SHUT_RDWR);
            return false;
        }
        done += n;
    }
    return true;
}

bool ReplicationReceiver::acknowledge(qint64 seq, qint64 lagNs) {
    QByteArray frame;
    CborWriter w(&frame);
    w.beginFrame();
    w.startMap(4);
    w.key(QLatin1StringView("op"));
    w.key(QLatin1StringView("ack"));
    w.key(QLatin1StringView("id"));
    w.integer(0);
    w.key(QLatin1StringView("seq"));
    w.integer(seq);
    w.key(QLatin1StringView("lag_ns"));
    w.integer(lagNs);
    w.endFrame();
    return send(frame);
}

void ReplicationReceiver::setApplied(qint64 seq, qint64 lagNs) {
    m_applied.store(seq, std::memory_order_relaxed);
    m_lagNs.store(lagNs, std::memory_order_relaxed);
}

void ReplicationReceiver::shutdown() {
    ::shutdown(m_fd, SHUT_RDWR);
}

ReplicationReceiver::Inbox ReplicationReceiver::take() {
    const std::lock_guard lock(m_inboxLock);
    m_inboxEmpty = true;
    return std::exchange(m_inbox, Inbox());
}

bool ReplicationReceiver::stash(Inbox &&in) {
    bool wasEmpty;
    {
        const std::lock_guard lock(m_inboxLock);
        if (m_inbox.entries.isEmpty())
            m_inbox.entries = std::move(in.entries);
        else
            m_inbox.entries.append(std::move(in.entries));
        m_inbox.messages.append(std::move(in.messages));
        m_inbox.ackWanted = m_inbox.ackWanted || in.ackWanted;
        m_inbox.relayFailed = m_inbox.relayFailed || in.relayFailed;
        m_inbox.badFrame = m_inbox.badFrame || in.badFrame;
        m_inbox.closed = m_inbox.closed || in.closed;
        wasEmpty = std::exchange(m_inboxEmpty, false);
    }
    return wasEmpty;
}

void ReplicationReceiver::run() {
    epoll_event ready[2];
    while (m_epoll >= 0) {
        const int n = ::epoll_wait(m_epoll, ready, 2, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        bool stream = false;
        for (int i = 0; i < n; ++i) {
            if (ready[i].data.fd == m_wake)
                return; // stopped: the event loop no longer listens
            stream = true;
        }
        if (!stream)
            continue;
        bool wake = false;
        bool open;
        {
            const std::lock_guard lock(m_readLock);
            open = readSome(&wake, &m_threadReads);
        }
        if (wake)
            m_notify();
        if (!open)
            return;
    }
    Inbox in;
    in.closed = true;
    if (stash(std::move(in)))
        m_notify();
}

bool ReplicationReceiver::readSome(bool *wake, std::atomic<qint64> *reads) {
    char buffer[kReadChunk];
    Inbox in;
    QByteArray relayed;
    qint64 lastRelayed = 0;
    bool ackAsked = false;
    bool heard = false; // a read brought bytes
    for (int chunk = 0; chunk < kChunksPerDelivery && !in.closed; ++chunk) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) { // closed or reset by the primary, or shut down here
            in.closed = true;
            break;
        }
        if (!std::exchange(heard, true))
            reads->fetch_add(1, std::memory_order_relaxed);
        m_lastHeardNs.store(roles::EventEmitter::nowNs(), std::memory_order_relaxed);
        m_reader.append(QByteArrayView(buffer, qsizetype(n)));
        QByteArray payload;
        for (;;) {
            const FrameReader::Status st = m_reader.next(&payload);
            if (st == FrameReader::Status::NeedMore)
                break;
            BinlogEntry entry;
            bool ack = false;
            // The stream's frames, read straight from their bytes; the rest through Qt's decoder.
            if (st != FrameReader::Status::Frame ||
                !BinlogEntry::fromFrame(payload, &entry, &ack)) {
                QCborMap m;
                QString why;
                if (st == FrameReader::Status::TooLarge || !decodeMessage(payload, &m, &why)) {
                    in.badFrame = in.closed = true;
                    break;
                }
                if (m.value(QLatin1String("op")).toString() != QLatin1String("binlog")) {
                    in.messages.append(m);
                    continue;
                }
                entry = BinlogEntry::fromMessage(m);
                ack = m.value(QLatin1String("ack")).toBool();
            }
            if (m_relay) {
                QByteArray length(4, Qt::Uninitialized);
                qToBigEndian<quint32>(quint32(payload.size()), length.data());
                relayed.append(length).append(payload);
                lastRelayed = entry.seq;
            }
            ackAsked = ackAsked || ack;
            in.entries.append(std::move(entry));
        }
        if (size_t(n) < sizeof buffer)
            break; // most likely all there was; poll says if not
    }
    // What a semi-synchronous primary waits for reaches the relay log in one write and is
    // acknowledged at once, before the event loop applies it. Without semi-sync (no frame asks)
    // nobody waits: nothing is written here and the event loop acknowledges now and then.
    // The entries are in the inbox before the acknowledgement leaves, so a read on this replica
    // that comes after it (the client heard back from the primary) finds them there.
    if (ackAsked && !in.badFrame) {
        if (m_relay && !relayed.isEmpty() && m_relay->append(relayed, lastRelayed)) {
            m_relayedSeq.store(lastRelayed, std::memory_order_relaxed);
            const bool open = !in.closed;
            *wake = stash(std::move(in));
            acknowledge(qMax(lastRelayed, m_applied.load(std::memory_order_relaxed)),
                        m_lagNs.load(std::memory_order_relaxed));
            return open;
        }
        in.relayFailed = m_relay != nullptr;
        m_relay = nullptr; // acknowledged once applied from now on
        in.ackWanted = true;
    }
    const bool open = !in.closed;
    if (!in.entries.isEmpty() || !in.messages.isEmpty() || in.ackWanted || in.relayFailed ||
        in.closed)
        *wake = stash(std::move(in));
    return open;
}

} // namespace infrastage::db
