#include "upstreamconnection.h"

#include "monotonic.h"
#include "socketwrite.h"

#include <QTcpSocket>

namespace infrastage::http {

UpstreamConnection::UpstreamConnection(const QHostAddress &address, quint16 port,
                                       const QHostAddress &source, QObject *parent)
    : QObject(parent)
    , m_address(address)
    , m_port(port)
    , m_socket(new QTcpSocket(this))
    , m_parser(HttpParser::Mode::Response) {
    m_parser.setHeaderLimit(64 * 1024);
    m_parser.setBodyLimit(64 * 1024 * 1024);
    m_timer.setSingleShot(true);
    // Connecting from the node's own address makes the upstream see (and log, and cut) the
    // real peer, as on a network of separate hosts.
    if (!source.isNull() && source != QHostAddress::LocalHost)
        m_socket->bind(source, 0);
    connect(m_socket, &QTcpSocket::connected, this, &UpstreamConnection::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &UpstreamConnection::onError);
    connect(&m_timer, &QTimer::timeout, this, &UpstreamConnection::onTimer);
}

UpstreamConnection::~UpstreamConnection() = default;

bool UpstreamConnection::usable() const {
    return m_state == State::Idle && m_socket->state() == QAbstractSocket::ConnectedState;
}

void UpstreamConnection::send(const QByteArray &bytes, bool head, int connectTimeoutMs,
                              int responseTimeoutMs, Callback done) {
    m_done = std::move(done);
    m_responseTimeoutMs = responseTimeoutMs;
    m_gotBytes = false;
    m_parser.expectHeadResponse(head);
    if (m_state == State::Idle) {
        m_reused = true;
        m_connectNs = 0;
        m_state = State::Busy;
        writeNow(m_socket, bytes);
        arm(responseTimeoutMs);
        return;
    }
    m_reused = false;
    m_pending = bytes;
    m_state = State::Connecting;
    m_connectStartNs = monotonicNs();
    arm(connectTimeoutMs);
    m_socket->connectToHost(m_address, m_port);
}

void UpstreamConnection::onConnected() {
    if (m_state != State::Connecting)
        return;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_connectNs = monotonicNs() - m_connectStartNs;
    m_state = State::Busy;
    writeNow(m_socket, m_pending);
    m_pending.clear();
    arm(m_responseTimeoutMs);
}

void UpstreamConnection::onReadyRead() {
    if (m_state != State::Busy) {
        // Bytes on an idle connection are a protocol error; the connection cannot be reused.
        m_socket->readAll();
        if (m_state == State::Idle)
            abort();
        return;
    }
    while (m_socket->bytesAvailable() > 0) {
        char buf[16384];
        const qint64 n = m_socket->read(buf, sizeof buf);
        if (n <= 0)
            break;
        m_gotBytes = true;
        if (!m_parser.feed(buf, n)) {
            finish(UpstreamStatus::BadResponse, m_parser.errorText());
            return;
        }
        if (m_parser.hasResponse()) {
            finish(UpstreamStatus::Ok, QByteArray());
            return;
        }
    }
}

void UpstreamConnection::onDisconnected() {
    if (m_state == State::Busy) {
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

void UpstreamConnection::onError() {
    const QAbstractSocket::SocketError e = m_socket->error();
    if (m_state == State::Connecting) {
        finish(UpstreamStatus::ConnectFailed, m_socket->errorString().toUtf8());
        return;
    }
    if (e == QAbstractSocket::RemoteHostClosedError)
        return; // disconnected() follows and decides
    if (m_state == State::Busy) {
        finish(m_gotBytes ? UpstreamStatus::BadResponse : UpstreamStatus::EmptyResponse,
               m_socket->errorString().toUtf8());
        return;
    }
    abort();
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
    if (status == UpstreamStatus::Ok) {
        result.response = m_parser.takeResponse();
        keep = result.response.keepAlive && !m_parser.hasResponse() &&
               m_socket->state() == QAbstractSocket::ConnectedState &&
               m_socket->bytesAvailable() == 0;
    }
    Callback done = std::move(m_done);
    m_done = nullptr;
    if (keep) {
        m_state = State::Idle;
    } else {
        m_state = State::Closed;
        m_socket->abort();
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
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    emit closed(this);
    deleteLater();
}

} // namespace infrastage::http
