#include "dbconnection.h"

#include "dberrorcode.h"
#include "http/socketwrite.h"
#include "streamsender.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::db {

namespace {
constexpr qsizetype kMaxQueued = 1024;     // pipelined requests beyond this wait in the kernel
constexpr qsizetype kDrained = 256 * 1024; // below this much unsent output, a streamer goes on
constexpr size_t kReadChunk = 64 * 1024;
} // namespace

DbConnection::DbConnection(int fd, const QString &peer, qsizetype maxFrame, Handler handler,
                           QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_readable(new QSocketNotifier(fd, QSocketNotifier::Read, this))
    , m_writable(new QSocketNotifier(fd, QSocketNotifier::Write, this))
    , m_reader(maxFrame)
    , m_handler(std::move(handler))
    , m_peer(peer) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_writable->setEnabled(false);
    connect(m_readable, &QSocketNotifier::activated, this, &DbConnection::onReadable);
    connect(m_writable, &QSocketNotifier::activated, this, &DbConnection::onWritable);
}

DbConnection::~DbConnection() {
    if (m_sender && m_fd >= 0)
        m_sender->detach(m_fd);
    // The notifiers leave the event loop before their descriptor is closed.
    delete m_readable;
    delete m_writable;
    if (m_fd >= 0)
        ::close(m_fd);
}

void DbConnection::send(const QCborMap &message) {
    sendFrame(encodeFrame(message));
}

void DbConnection::streamFrom(StreamSender *sender) {
    if (m_closed || m_sender)
        return;
    m_sender = sender;
    sender->attach(m_fd, this);
    m_writable->setEnabled(false);
    if (!m_out.isEmpty()) // what the kernel did not take yet goes first
        sender->queue(m_fd, std::exchange(m_out, QByteArray()));
}

qint64 DbConnection::bytesToWrite() const {
    return m_sender ? m_sender->pending(m_fd) : m_out.size();
}

void DbConnection::sendFrame(const QByteArray &frame) {
    if (m_closed)
        return;
    if (m_sender) {
        m_sender->queue(m_fd, frame);
        return;
    }
    m_out += frame;
    m_writable->setEnabled(true); // unless flush() writes it first (free within one pass)
}

bool DbConnection::writeOut() {
    if (m_out.isEmpty())
        return true;
    const qsizetype n = http::sendSome(m_fd, m_out.constData(), m_out.size());
    if (n < 0) {
        close(); // the peer is gone
        return false;
    }
    m_out.remove(0, n);
    m_writable->setEnabled(!m_out.isEmpty());
    return true;
}

void DbConnection::flushHere() {
    if (m_closed)
        return;
    if (m_sender)
        m_sender->sendNow(m_fd);
    else
        writeOut();
}

void DbConnection::flush() {
    if (m_closed)
        return;
    if (m_sender)
        m_sender->kick();
    else
        writeOut();
}

void DbConnection::onWritable() {
    if (m_closed || !writeOut())
        return;
    if (m_out.size() < kDrained)
        emit drained();
}

void DbConnection::close() {
    if (m_closed)
        return;
    m_closed = true;
    if (m_sender)
        m_sender->detach(m_fd); // no send(2) on the descriptor from now on
    else if (!m_out.isEmpty())  // what the kernel takes now (an error frame before hanging up)
        http::sendSome(m_fd, m_out.constData(), m_out.size());
    m_queue.clear();
    m_out.clear();
    delete m_readable;
    delete m_writable;
    m_readable = m_writable = nullptr;
    ::close(m_fd);
    m_fd = -1;
    emit closed(this);
    deleteLater();
}

void DbConnection::replyError(qint64 id, int code, const QString &why) {
    send(QCborMap{{QStringLiteral("id"), id},
                  {QStringLiteral("ok"), false},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("error"), why}});
}

void DbConnection::onReadable() {
    if (m_closed)
        return;
    char buffer[kReadChunk];
    while (m_queue.size() < kMaxQueued) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) { // closed or reset by the client
            close();
            return;
        }
        m_reader.append(QByteArrayView(buffer, qsizetype(n)));
        QByteArray payload;
        for (;;) {
            const FrameReader::Status st = m_reader.next(&payload);
            if (st == FrameReader::Status::NeedMore)
                break;
            if (st == FrameReader::Status::TooLarge) {
                // The rest of the stream cannot be trusted: say why, then hang up.
                replyError(0, int(DbErrorCode::FrameTooLarge),
                           QStringLiteral("frame of %1 bytes exceeds the limit")
                               .arg(m_reader.announcedSize()));
                close();
                return;
            }
            DbRequest m;
            QString why;
            if (!DbRequest::parse(payload, &m, &why)) {
                replyError(0, int(DbErrorCode::BadFrame), why); // framing is intact: carry on
                continue;
            }
            m_queue.enqueue(m);
        }
        if (size_t(n) < sizeof buffer)
            break; // most likely all there was; the level-triggered notifier says if not
    }
    // Bounded buffering: with the queue full, reading stops until it drains (TCP backpressure).
    m_readable->setEnabled(m_queue.size() < kMaxQueued);
    process();
}

void DbConnection::process() {
    if (m_inProcess)
        return;
    m_inProcess = true;
    while (!m_busy && !m_queue.isEmpty() && !m_closed) {
        const DbRequest m = m_queue.dequeue();
        m_busy = true;
        if (m_delayMs > 0) {
            QTimer::singleShot(m_delayMs, this, [this, m] {
                if (!m_closed)
                    m_handler(this, m);
            });
        } else {
            m_handler(this, m);
        }
    }
    m_inProcess = false;
    if (!m_closed && m_queue.size() < kMaxQueued)
        m_readable->setEnabled(true); // what waits in the kernel is read on the next pass
}

void DbConnection::finish() {
    m_busy = false;
    flush();
    // Inside process() its loop takes the next request; otherwise take it now (the answer was
    // given later, e.g. after a commit group or a semi-sync acknowledgement).
    if (!m_inProcess && !m_closed && !m_queue.isEmpty())
        process();
}

} // namespace infrastage::db
