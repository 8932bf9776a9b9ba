#include "upstreamconnection.h"

#include "monotonic.h"
#include "passend.h"
#include "socketwrite.h"

#include <QSocketNotifier>

#include <algorithm>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::http {

namespace {
sockaddr_in ipv4(const QHostAddress &address, quint16 port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(address.toIPv4Address());
    return a;
}
QByteArray errorText(int error) {
    return QByteArray(std::strerror(error));
}
// What one read(2) may take.
constexpr qsizetype kReadChunk = 16384;
// The capacity of a raw exchange's buffer kept from one response to the next.
constexpr qsizetype kKeptInput = 256 * 1024;
// What a response may be: more is refused (a server's answer is not kept in memory without end).
constexpr qsizetype kHeaderLimit = 64 * 1024;
constexpr qsizetype kBodyLimit = 64 * 1024 * 1024;
} // namespace

UpstreamConnection::UpstreamConnection(const QHostAddress &address, quint16 port,
                                       const QHostAddress &source, QObject *parent)
    : QObject(parent)
    , m_address(address)
    , m_port(port)
    , m_source(source)
    , m_parser(HttpParser::Mode::Response) {
    m_parser.setHeaderLimit(kHeaderLimit);
    m_parser.setBodyLimit(kBodyLimit);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &UpstreamConnection::onTimer);
}

UpstreamConnection::~UpstreamConnection() {
    closeDescriptor();
}

bool UpstreamConnection::usable() const {
    return m_state == State::Idle && m_fd >= 0;
}

void UpstreamConnection::send(const QByteArray &bytes, bool head, int connectTimeoutMs,
                              int responseTimeoutMs, Callback done, bool raw) {
    m_done = std::move(done);
    m_responseTimeoutMs = responseTimeoutMs;
    m_gotBytes = false;
    m_parser.expectHeadResponse(head);
    m_raw = raw;
    m_head = head;
    m_plain = false;
    if (m_in.capacity() > kKeptInput)
        m_in = QByteArray(); // one large response does not stay with the connection
    else
        m_in.resize(0);
    m_out = bytes;
    m_outDone = 0;
    if (m_state == State::Idle) {
        m_reused = true;
        m_connectNs = 0;
        m_state = State::Busy;
        arm(responseTimeoutMs);
        if (writesAtPassEnd()) {
            atPassEnd(this, [](QObject *o) {
                auto *u = static_cast<UpstreamConnection *>(o);
                if (u->m_state == State::Busy && u->m_fd >= 0 && !u->m_write->isEnabled() &&
                    !u->flushOut())
                    u->failLater(UpstreamStatus::EmptyResponse,
                                 "connection closed before any response");
            });
            return;
        }
        if (!flushOut())
            failLater(UpstreamStatus::EmptyResponse, "connection closed before any response");
        return;
    }
    m_reused = false;
    m_state = State::Connecting;
    m_connectStartNs = monotonicNs();
    arm(connectTimeoutMs);
    connectNow();
}

void UpstreamConnection::connectNow() {
    if (m_address.protocol() != QAbstractSocket::IPv4Protocol) {
        failLater(UpstreamStatus::ConnectFailed, "only IPv4 upstreams (127.0.0.0/8)");
        return;
    }
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        failLater(UpstreamStatus::ConnectFailed, errorText(errno));
        return;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Connecting from the node's own address makes the upstream see (and log, and cut) the
    // real peer, as on a network of separate hosts.
    if (!m_source.isNull() && m_source != QHostAddress::LocalHost &&
        m_source.protocol() == QAbstractSocket::IPv4Protocol) {
        const sockaddr_in local = ipv4(m_source, 0);
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) != 0) {
            failLater(UpstreamStatus::ConnectFailed, errorText(errno));
            return;
        }
    }
    m_read = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_write = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_read, &QSocketNotifier::activated, this, &UpstreamConnection::onReadable);
    connect(m_write, &QSocketNotifier::activated, this, &UpstreamConnection::onWritable);
    m_read->setEnabled(false); // nothing to read before the connection is up
    const sockaddr_in remote = ipv4(m_address, m_port);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&remote), sizeof remote) == 0) {
        m_write->setEnabled(false);
        onConnected();
    } else if (errno != EINPROGRESS) {
        failLater(UpstreamStatus::ConnectFailed, errorText(errno));
    }
    // EINPROGRESS: the write notifier says when it is done.
}

void UpstreamConnection::onConnected() {
    if (m_state != State::Connecting)
        return;
    m_connectNs = monotonicNs() - m_connectStartNs;
    m_state = State::Busy;
    m_read->setEnabled(true);
    arm(m_responseTimeoutMs);
    if (!flushOut())
        failLater(UpstreamStatus::EmptyResponse, "connection closed before any response");
}

bool UpstreamConnection::flushOut() {
    const qsizetype n = sendSome(m_fd, m_out.constData() + m_outDone, m_out.size() - m_outDone);
    if (n < 0)
        return false;
    m_outDone += n;
    if (m_outDone < m_out.size()) {
        m_write->setEnabled(true); // the rest when the kernel takes more
        return true;
    }
    m_out.clear();
    m_outDone = 0;
    if (m_write->isEnabled())
        m_write->setEnabled(false);
    return true;
}

void UpstreamConnection::onWritable() {
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t len = sizeof error;
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
            error = errno;
        m_write->setEnabled(false);
        if (error != 0) {
            finish(UpstreamStatus::ConnectFailed, errorText(error));
            return;
        }
        onConnected();
        return;
    }
    if (m_state == State::Busy && !flushOut()) {
        finish(m_gotBytes ? UpstreamStatus::BadResponse : UpstreamStatus::EmptyResponse,
               "connection closed before any response");
        return;
    }
    if (m_state != State::Busy)
        m_write->setEnabled(false);
}

void UpstreamConnection::onReadable() {
    char stack[kReadChunk];
    for (;;) {
        // A raw exchange reads straight into the buffer its response is forwarded from.
        const bool raw = m_raw && m_state == State::Busy;
        const qsizetype had = m_in.size();
        if (raw)
            m_in.resize(had + kReadChunk); // within the kept capacity: no allocation
        char *buf = raw ? m_in.data() + had : stack;
        const ssize_t n = ::read(m_fd, buf, size_t(kReadChunk));
        if (raw)
            m_in.resize(had + std::max<ssize_t>(n, 0));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0 && errno != ECONNRESET) {
            const QByteArray why = errorText(errno);
            if (m_state == State::Busy)
                finish(m_gotBytes ? UpstreamStatus::BadResponse : UpstreamStatus::EmptyResponse,
                       why);
            else
                abort();
            return;
        }
        if (n <= 0) { // the end of the connection (a reset counts as one, as in Qt)
            lost("connection closed");
            return;
        }
        if (m_state != State::Busy) {
            // Bytes on an idle connection are a protocol error; it cannot be reused.
            abort();
            return;
        }
        m_gotBytes = true;
        if (raw) {
            if (scanRaw())
                return;
        } else if (!m_parser.feed(buf, n)) {
            finish(UpstreamStatus::BadResponse, m_parser.errorText());
            return;
        }
        if (m_parser.hasResponse()) {
            finish(UpstreamStatus::Ok, QByteArray());
            return;
        }
        if (n < kReadChunk)
            return; // most likely all there was; a level-triggered notifier says if not
    }
}

bool UpstreamConnection::scanRaw() {
    const PlainResponse::Scan scan = PlainResponse::scan(
        m_in.constData(), m_in.size(), m_head, kHeaderLimit, kBodyLimit, &m_plainResponse);
    if (scan == PlainResponse::Scan::NeedMore ||
        (scan == PlainResponse::Scan::Plain && m_plainResponse.size > m_in.size()))
        return false;
    if (scan == PlainResponse::Scan::Plain && m_plainResponse.size == m_in.size()) {
        m_plain = true;
        finish(UpstreamStatus::Ok, QByteArray());
        return true;
    }
    // Not plain, or more than one message: the parser reads it all, and what follows.
    rawToParser();
    if (m_parser.error() != HttpParser::Error::None) {
        finish(UpstreamStatus::BadResponse, m_parser.errorText());
        return true;
    }
    return false;
}

void UpstreamConnection::rawToParser() {
    m_raw = false;
    m_parser.feed(m_in.constData(), m_in.size());
    m_in.resize(0);
}

void UpstreamConnection::lost(const QByteArray &) {
    closeDescriptor();
    if (m_state == State::Busy) {
        if (m_raw)
            rawToParser(); // what came so far: the parser decides
        // A response delimited by the end of the connection completes now.
        m_parser.finish();
        if (m_parser.hasResponse())
            finish(UpstreamStatus::Ok, QByteArray());
        else if (!m_gotBytes)
            finish(UpstreamStatus::EmptyResponse, "connection closed before any response");
        else
            finish(UpstreamStatus::BadResponse, "connection closed in the middle of the response");
        return;
    }
    if (m_state == State::Connecting) {
        finish(UpstreamStatus::ConnectFailed, "connection closed while connecting");
        return;
    }
    abort();
}

void UpstreamConnection::failLater(UpstreamStatus status, const QByteArray &error) {
    // Reported from the event loop, never from inside send(): callers may not expect their
    // callback to run before send() returns.
    const State expected = m_state;
    QMetaObject::invokeMethod(
        this,
        [this, status, error, expected] {
            if (m_state == expected && !m_gone)
                finish(status, error);
        },
        Qt::QueuedConnection);
}

void UpstreamConnection::closeDescriptor() {
    delete m_read;
    delete m_write;
    m_read = nullptr;
    m_write = nullptr;
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

void UpstreamConnection::arm(int ms) {
    m_deadlineNs = monotonicNs() + qint64(ms) * 1000000;
    // The timer keeps running between requests of a kept-alive connection and is only
    // restarted when it would fire after the new deadline: starting and stopping a QTimer
    // for every request costs more than an occasional early wake-up.
    if (!m_timer.isActive() || m_timerDueNs > m_deadlineNs) {
        m_timer.start(ms);
        m_timerDueNs = m_deadlineNs;
    }
}

void UpstreamConnection::onTimer() {
    if (m_deadlineNs == 0)
        return; // nothing armed: the timer lapses until the next request
    const qint64 leftNs = m_deadlineNs - monotonicNs();
    if (leftNs > 0) {
        const int ms = int((leftNs + 999999) / 1000000);
        m_timer.start(ms);
        m_timerDueNs = m_deadlineNs;
        return;
    }
    m_deadlineNs = 0;
    if (m_state == State::Connecting)
        finish(UpstreamStatus::ConnectTimeout, "no connection within the connect timeout");
    else if (m_state == State::Busy)
        finish(UpstreamStatus::Timeout, "no response within the server timeout");
}

void UpstreamConnection::finish(UpstreamStatus status, const QByteArray &error) {
    m_deadlineNs = 0;
    UpstreamResult result;
    result.status = status;
    result.error = error;
    result.reused = m_reused;
    result.connectNs = m_connectNs;
    bool keep = false;
    if (status == UpstreamStatus::Ok && m_plain) {
        result.response.status = m_plainResponse.status;
        result.raw = QByteArrayView(m_in);
        result.bodySize = m_plainResponse.bodySize;
        keep = m_fd >= 0;
    } else if (status == UpstreamStatus::Ok) {
        result.response = m_parser.takeResponse();
        result.bodySize = result.response.body.size();
        keep = result.response.keepAlive && !m_parser.hasResponse() && !m_parser.inMessage() &&
               m_fd >= 0;
    }
    m_raw = false;
    Callback done = std::move(m_done);
    m_done = nullptr;
    if (keep) {
        m_state = State::Idle;
    } else {
        m_state = State::Closed;
        closeDescriptor();
    }
    if (done)
        done(std::move(result));
    if (keep && m_state == State::Idle)
        emit becameIdle(this);
    else if (m_state == State::Closed)
        abort();
}

void UpstreamConnection::abort() {
    if (m_gone)
        return;
    m_gone = true;
    const bool wasBusy = m_state == State::Busy || m_state == State::Connecting;
    m_state = State::Closed;
    m_deadlineNs = 0;
    m_timer.stop();
    if (wasBusy && m_done) {
        Callback done = std::move(m_done);
        m_done = nullptr;
        UpstreamResult result;
        result.status = UpstreamStatus::ConnectFailed;
        result.error = "connection aborted (peer cut)";
        result.reused = m_reused;
        done(std::move(result));
    }
    closeDescriptor();
    emit closed(this);
    deleteLater();
}

} // namespace infrastage::http
