#include "dbblockingclient.h"

#include <QCborArray>
#include <QElapsedTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace infrastage::db {

namespace {

// Waits until fd is ready for `events`, at most the time left of `ms` (0 = forever): 1 ready,
// 0 timed out, -1 error.
int waitFor(int fd, short events, const QElapsedTimer &clock, int ms) {
    for (;;) {
        int left = -1;
        if (ms > 0) {
            left = int(ms - clock.elapsed());
            if (left <= 0)
                return 0;
        }
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, left);
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 ? -1 : (n == 0 ? 0 : 1);
    }
}

QString errnoText() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

DbBlockingClient::~DbBlockingClient() {
    disconnectFromServer();
}

bool DbBlockingClient::connectToServer(const QString &address, quint16 port, int ms,
                                       QString *error) {
    disconnectFromServer();
    m_reader = FrameReader(kDefaultMaxFrame * 4);
    QString why;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.toLatin1().constData(), &sa.sin_addr) != 1) {
        why = QStringLiteral("%1 is not an IPv4 address").arg(address);
    } else {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        const int one = 1;
        QElapsedTimer clock;
        clock.start();
        if (fd < 0) {
            why = errnoText();
        } else if (::connect(fd, reinterpret_cast<const sockaddr *>(&sa), sizeof sa) != 0 &&
                   errno != EINPROGRESS) {
            why = errnoText();
            ::close(fd);
        } else {
            int soError = 0;
            socklen_t len = sizeof soError;
            const int ready = waitFor(fd, POLLOUT, clock, ms);
            if (ready <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 ||
                soError != 0) {
                why = ready == 0 ? QStringLiteral("no connection within %1 ms").arg(ms)
                                 : QString::fromLocal8Bit(std::strerror(soError ? soError : errno));
                ::close(fd);
            } else {
                // Blocking from now on; each small request leaves at once (no Nagle delay).
                ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                m_fd = fd;
                m_receiveTimeoutMs = 0;
            }
        }
    }
    if (error)
        *error = why;
    return m_fd >= 0;
}

void DbBlockingClient::disconnectFromServer() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

DbResult DbBlockingClient::fail(DbErrorCode code, const QString &why) {
    if (code != DbErrorCode::Timeout)
        disconnectFromServer();
    return DbResult::failure(code, why);
}

DbResult DbBlockingClient::query(const QString &sql, const QCborArray &params, int ms,
                                 const QString &trace) {
    if (m_fd < 0)
        return DbResult::failure(DbErrorCode::NotConnected,
                                 QStringLiteral("not connected to the database"));
    const qint64 id = m_nextId++;
    m_out.clear();
    appendQueryFrame(&m_out, id, sql, params, trace); // the bytes, with no map built
    return exchange(id, ms);
}

DbResult DbBlockingClient::transaction(const QList<DbStatement> &statements, int ms,
                                       const QString &trace) {
    return request(transactionRequest(statements, trace), ms);
}

DbResult DbBlockingClient::request(QCborMap message, int ms) {
    if (m_fd < 0)
        return DbResult::failure(DbErrorCode::NotConnected,
                                 QStringLiteral("not connected to the database"));
    const qint64 id = m_nextId++;
    message.insert(QStringLiteral("id"), id);
    m_out = encodeFrame(message);
    return exchange(id, ms);
}

void DbBlockingClient::setReceiveTimeout(int ms) {
    if (ms == m_receiveTimeoutMs)
        return;
    timeval tv{ms / 1000, (ms % 1000) * 1000}; // 0: none
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    m_receiveTimeoutMs = ms;
}

DbResult DbBlockingClient::exchange(qint64 id, int ms) {
    QElapsedTimer clock;
    clock.start();
    for (qsizetype sent = 0; sent < m_out.size();) {
        const ssize_t n =
            ::send(m_fd, m_out.constData() + sent, size_t(m_out.size() - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(DbErrorCode::ConnectionLost, errnoText());
        sent += n;
    }
    QByteArray payload;
    char buffer[64 * 1024];
    bool first = true;
    for (;;) {
        const FrameReader::Status st = m_reader.next(&payload);
        if (st == FrameReader::Status::TooLarge)
            return fail(DbErrorCode::BadFrame, QStringLiteral("bad frame from the server"));
        if (st == FrameReader::Status::Frame) {
            DbResult result;
            qint64 answered = 0;
            if (!DbResult::fromPayload(payload, &result, &answered)) {
                QCborMap answer;
                QString why;
                if (!decodeMessage(payload, &answer, &why))
                    return fail(DbErrorCode::BadFrame, QStringLiteral("bad frame from the server"));
                answered = answer.value(QLatin1String("id")).toInteger(0);
                result = DbResult::fromResponse(answer);
            }
            if (answered == id)
                return result;
            continue; // the answer to a request that timed out
        }
        // The thread sleeps in recv(2) itself, with the socket's receive timeout as the
        // deadline: one call per answer, where poll(2) then recv(2) made two.
        int left = 0;
        if (ms > 0) {
            left = first ? ms : int(ms - clock.elapsed());
            if (left <= 0)
                return fail(DbErrorCode::Timeout, QStringLiteral("no answer in time"));
        }
        first = false;
        setReceiveTimeout(left);
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return fail(DbErrorCode::Timeout, QStringLiteral("no answer in time"));
        if (n == 0)
            return fail(DbErrorCode::ConnectionLost,
                        QStringLiteral("connection closed by the server"));
        if (n < 0)
            return fail(DbErrorCode::ConnectionLost, errnoText());
        m_reader.append(QByteArrayView(buffer, qsizetype(n)));
    }
}

} // namespace infrastage::db
