#include "serverprobe.h"

#include "monotonic.h"

#include <QTcpSocket>

namespace infrastage::roles::lb {

ServerProbe::ServerProbe(const QHostAddress &address, quint16 port, const QHostAddress &source,
                         QObject *parent)
    : QObject(parent)
    , m_address(address)
    , m_port(port)
    , m_source(source) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        finish(false,
               m_connected ? QStringLiteral("Layer7 timeout") : QStringLiteral("Layer4 timeout"));
    });
}

void ServerProbe::run(const QByteArray &path, int connectTimeoutMs, int timeoutMs, bool cut,
                      Callback done) {
    if (m_socket)
        return; // the previous check is still running; HAProxy never overlaps checks either
    m_done = std::move(done);
    m_path = path;
    m_reply.clear();
    m_connected = false;
    m_startNs = http::monotonicNs();
    m_socket = new QTcpSocket(this);
    if (cut) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish(false,
                       QStringLiteral("Layer4 connection problem, info: \"Connection refused\""));
            },
            Qt::QueuedConnection);
        return;
    }
    if (!m_source.isNull() && m_source != QHostAddress::LocalHost)
        m_socket->bind(m_source, 0);
    QTcpSocket *s = m_socket;
    connect(s, &QTcpSocket::connected, this, [this, timeoutMs] {
        m_connected = true;
        if (m_path.isEmpty()) {
            finish(true, QStringLiteral("Layer4 check passed"));
            return;
        }
        m_timer.start(timeoutMs);
        m_socket->write("GET " + m_path + " HTTP/1.0\r\nUser-Agent: infrastage-lb-check\r\n\r\n");
    });
    connect(s, &QTcpSocket::readyRead, this, &ServerProbe::onReadyRead);
    connect(s, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (!m_socket)
            return;
        if (!m_connected) {
            finish(false, QStringLiteral("Layer4 connection problem, info: \"%1\"")
                              .arg(e == QAbstractSocket::ConnectionRefusedError
                                       ? QStringLiteral("Connection refused")
                                       : m_socket->errorString()));
            return;
        }
        onReadyRead();
        if (m_socket)
            finish(false, QStringLiteral("Layer7 invalid response, info: \"connection closed "
                                         "before a status line\""));
    });
    m_timer.start(connectTimeoutMs);
    s->connectToHost(m_address, m_port);
}

void ServerProbe::onReadyRead() {
    if (!m_socket)
        return;
    m_reply += m_socket->readAll();
    const qsizetype eol = m_reply.indexOf('\n');
    if (eol < 0) {
        if (m_reply.size() > 4096)
            finish(false, QStringLiteral("Layer7 invalid response"));
        return;
    }
    // "HTTP/1.x NNN reason"
    const QList<QByteArray> parts = m_reply.left(eol).trimmed().split(' ');
    bool ok = false;
    const int code = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
    if (!ok || !parts.at(0).startsWith("HTTP/")) {
        finish(false, QStringLiteral("Layer7 invalid response"));
        return;
    }
    if (code >= 200 && code < 400)
        finish(true, QStringLiteral("Layer7 check passed, code: %1").arg(code), code);
    else
        finish(false, QStringLiteral("Layer7 wrong status, code: %1").arg(code), code);
}

void ServerProbe::finish(bool ok, const QString &check, int code) {
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Result r;
    r.ok = ok;
    r.check = check;
    r.code = code;
    r.durationUs = (http::monotonicNs() - m_startNs) / 1000;
    Callback done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(r);
}

} // namespace infrastage::roles::lb
