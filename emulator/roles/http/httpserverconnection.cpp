#include "httpserverconnection.h"

#include "errorpages.h"
#include "monotonic.h"
#include "passend.h"
#include "socketwrite.h"

#include <QSocketNotifier>
#include <QTcpSocket>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::http {

HttpServerConnection::HttpServerConnection(HttpServer *server, int fd, const QHostAddress &peer,
                                           quint16 peerPort)
    : QObject(server)
    , m_server(server)
    , m_fd(fd)
    , m_parser(HttpParser::Mode::Request)
    , m_peer(peer)
    , m_peerText(peer.toString().toLatin1())
    , m_peerPort(peerPort) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_parser.setHeaderLimit(server->options().headerLimit);
    m_parser.setBodyLimit(server->options().bodyLimit);
    m_lastActivityMs = coarseMs();
    m_acceptedMs = m_lastActivityMs;
    m_readable = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_writable = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_writable->setEnabled(false);
    connect(m_readable, &QSocketNotifier::activated, this, &HttpServerConnection::onReadyRead);
    connect(m_writable, &QSocketNotifier::activated, this, &HttpServerConnection::onWritable);
}

HttpServerConnection::HttpServerConnection(HttpServer *server, QTcpSocket *socket)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_parser(HttpParser::Mode::Request)
    , m_peer(socket->peerAddress())
    , m_peerText(m_peer.toString().toLatin1())
    , m_peerPort(socket->peerPort()) {
    socket->setParent(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounded buffering: a client that pipelines faster than we answer meets TCP backpressure.
    socket->setReadBufferSize(256 * 1024);
    m_parser.setHeaderLimit(server->options().headerLimit);
    m_parser.setBodyLimit(server->options().bodyLimit);
    m_lastActivityMs = coarseMs();
    m_acceptedMs = m_lastActivityMs;
    connect(socket, &QTcpSocket::readyRead, this, &HttpServerConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            deleteLater();
    });
    if (socket->bytesAvailable() > 0)
        onReadyRead();
}

HttpServerConnection::~HttpServerConnection() {
    closeDescriptor();
}

void HttpServerConnection::closeDescriptor() {
    delete m_readable;
    delete m_writable;
    m_readable = nullptr;
    m_writable = nullptr;
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

void HttpServerConnection::abort() {
    m_closing = true;
    if (m_socket)
        m_socket->abort();
    closeDescriptor();
    deleteLater();
}

void HttpServerConnection::consume(const char *data, qint64 n) {
    m_lastActivityMs = coarseMs();
    if (m_requestStartMs < 0)
        m_requestStartMs = m_lastActivityMs; // the first bytes of a request
    m_parser.feed(data, n);
    if (!m_parser.inMessage())
        m_requestStartMs = -1;
}

void HttpServerConnection::takeEarlyInput(const QByteArray &bytes) {
    if (bytes.isEmpty())
        return;
    consume(bytes.constData(), bytes.size());
    next();
}

void HttpServerConnection::readDescriptor() {
    if (m_fd < 0)
        return;
    char buf[16384];
    while (m_closing || (m_parser.queued() < m_server->options().maxPipelined &&
                         m_parser.error() == HttpParser::Error::None)) {
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) { // the client closed or reset the connection
            closeDescriptor();
            deleteLater();
            return;
        }
        if (m_closing)
            continue; // discard: we are only finishing a write
        consume(buf, n);
        if (size_t(n) < sizeof buf)
            break; // most likely all there was; the level-triggered notifier says if not
    }
    // Bounded buffering: with the pipelining queue full, reading stops (TCP backpressure).
    if (!m_closing && m_parser.queued() >= m_server->options().maxPipelined)
        m_readable->setEnabled(false);
    if (!m_closing)
        next();
}

void HttpServerConnection::writeOut(QByteArrayView bytes) {
    if (m_socket) {
        // Qt's socket copies what it does not write at once: no copy of our own.
        writeNow(m_socket, QByteArray::fromRawData(bytes.data(), bytes.size()));
        return;
    }
    if (m_fd < 0)
        return;
    if (writesAtPassEnd()) {
        if (m_out.isEmpty() && !m_writable->isEnabled())
            atPassEnd(this, [](QObject *o) {
                auto *c = static_cast<HttpServerConnection *>(o);
                if (c->m_fd >= 0) // not aborted meanwhile
                    c->onWritable();
            });
        m_out.append(bytes.data(), bytes.size());
        return;
    }
    const qsizetype done = m_out.isEmpty() ? sendSome(m_fd, bytes.constData(), bytes.size()) : 0;
    if (done < 0) {
        abort(); // the client is gone
        return;
    }
    if (done < bytes.size()) {
        m_out.append(bytes.data() + done, bytes.size() - done);
        m_writable->setEnabled(true);
    }
}

void HttpServerConnection::onWritable() {
    const qsizetype n = sendSome(m_fd, m_out.constData(), m_out.size());
    if (n < 0) {
        abort();
        return;
    }
    m_out.remove(0, n);
    if (!m_out.isEmpty()) {
        m_writable->setEnabled(true); // the rest when the kernel takes more
        return;
    }
    m_writable->setEnabled(false);
    if (m_closeWhenWritten) {
        closeDescriptor();
        deleteLater();
    }
}

void HttpServerConnection::closeGracefully() {
    m_closing = true;
    if (m_socket) {
        m_socket->flush();
        m_socket->disconnectFromHost();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
        return;
    }
    if (!m_out.isEmpty()) {
        m_closeWhenWritten = true; // onWritable closes once it is out
        return;
    }
    closeDescriptor();
    deleteLater();
}

void HttpServerConnection::onReadyRead() {
    if (!m_socket) {
        readDescriptor();
        return;
    }
    if (m_closing) {
        m_socket->readAll(); // discard: we are only finishing a write
        return;
    }
    while (m_socket->bytesAvailable() > 0 && m_parser.queued() < m_server->options().maxPipelined &&
           m_parser.error() == HttpParser::Error::None) {
        char buf[16384];
        const qint64 n = m_socket->read(buf, sizeof buf);
        if (n <= 0)
            break;
        m_lastActivityMs = coarseMs();
        if (m_requestStartMs < 0)
            m_requestStartMs = m_lastActivityMs; // the first bytes of a request
        m_parser.feed(buf, n);
        if (!m_parser.inMessage())
            m_requestStartMs = -1;
    }
    next();
}

void HttpServerConnection::next() {
    if (m_inNext)
        return;
    m_inNext = true;
    while (!m_busy && !m_closing) {
        if (m_parser.hasRequest()) {
            ServerRequest r;
            r.request = m_parser.takeRequest();
            r.peer = m_peer;
            r.peerText = m_peerText;
            r.peerPort = m_peerPort;
            r.receivedNs = monotonicNs();
            m_busy = true;
            m_answered = true;
            m_requestKeepAlive = r.request.keepAlive;
            m_requestMinor = r.request.versionMinor;
            m_requestHead = r.request.method == "HEAD";
            m_server->dispatch(this, std::move(r));
            continue;
        }
        switch (m_parser.error()) {
        case HttpParser::Error::None:
            break;
        case HttpParser::Error::Malformed:
            reject(400, m_parser.errorText());
            break;
        case HttpParser::Error::HeadersTooLarge:
            reject(431, m_parser.errorText());
            break;
        case HttpParser::Error::BodyTooLarge:
            reject(413, m_parser.errorText());
            break;
        }
        break;
    }
    m_inNext = false;
    // Requests held back by the pipelining cap are read now that the queue has room.
    if (m_busy || m_closing)
        return;
    if (!m_socket) {
        if (m_readable && !m_readable->isEnabled())
            m_readable->setEnabled(true);
    } else if (m_socket->bytesAvailable() > 0) {
        QMetaObject::invokeMethod(this, &HttpServerConnection::onReadyRead, Qt::QueuedConnection);
    }
}

void HttpServerConnection::send(const HttpResponse &response) {
    if (!m_busy || m_closing)
        return;
    m_busy = false;
    const bool keepAlive = m_requestKeepAlive && response.keepAlive;
    HttpResponse r = response;
    r.versionMinor = 1;
    r.headRequest = m_requestHead;
    if (!keepAlive)
        r.headers.set("Connection", "close");
    else if (m_requestMinor == 0)
        r.headers.set("Connection", "keep-alive");
    writeOut(r.serialize());
    responded(keepAlive);
}

void HttpServerConnection::sendRaw(QByteArrayView bytes) {
    if (!m_busy || m_closing)
        return;
    m_busy = false;
    writeOut(bytes);
    responded(true);
}

void HttpServerConnection::responded(bool keepAlive) {
    m_lastActivityMs = coarseMs();
    if (!keepAlive) {
        closeAfterWrite();
        return;
    }
    next();
}

void HttpServerConnection::reject(int status, const QByteArray &reason) {
    emit m_server->rejected(m_peer, status, reason);
    HttpResponse r = errorPage(status);
    r.headers.set("connection", "close");
    if (m_socket)
        m_socket->write(r.serialize());
    else
        writeOut(r.serialize());
    closeAfterWrite();
}

void HttpServerConnection::closeAfterWrite() {
    closeGracefully();
}

void HttpServerConnection::checkTimeouts(qint64 nowMs) {
    if (m_busy)
        return; // the handler owns the request (and its upstream timeouts)
    const HttpServer::Options &o = m_server->options();
    if (m_closing) {
        if (nowMs - m_lastActivityMs > o.requestTimeoutMs)
            abort(); // a peer that never reads our last write
        return;
    }
    // A request is started by its first byte, or by the connection itself when the first
    // request's wait counts (HAProxy's "timeout http-request" from accept).
    const qint64 start = m_requestStartMs >= 0 ? m_requestStartMs
                         : (o.firstRequestTimed && !m_answered && !m_parser.hasRequest())
                             ? m_acceptedMs
                             : -1;
    if (start >= 0 && nowMs - start > o.requestTimeoutMs) {
        reject(408,
               "request not complete within " + QByteArray::number(o.requestTimeoutMs) + " ms");
        return;
    }
    if (m_requestStartMs >= 0 && nowMs - m_lastActivityMs > o.idleTimeoutMs) {
        // A started request whose client stopped sending ("timeout client", inactivity).
        reject(408, "no request byte for " + QByteArray::number(o.idleTimeoutMs) + " ms");
        return;
    }
    if (start < 0 && !m_parser.hasRequest() && nowMs - m_lastActivityMs > o.idleTimeoutMs)
        closeGracefully();
}

} // namespace infrastage::http
