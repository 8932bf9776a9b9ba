#include "httpclientconnection.h"

#include <QHostAddress>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace infrastage::runtime {

namespace {
HttpClientConnection *self(http_parser *p) {
    return static_cast<HttpClientConnection *>(p->data);
}
} // namespace

HttpClientConnection::HttpClientConnection(QString address, int port, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
    , m_port(port)
    , m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("timeout"), HttpFailure::Timeout); });
    http_parser_settings_init(&m_settings);
    m_settings.on_header_field = &HttpClientConnection::onHeaderField;
    m_settings.on_header_value = &HttpClientConnection::onHeaderValue;
    m_settings.on_headers_complete = &HttpClientConnection::onHeadersComplete;
    m_settings.on_body = &HttpClientConnection::onBody;
    m_settings.on_message_complete = &HttpClientConnection::onMessageComplete;
}

HttpClientConnection::~HttpClientConnection() = default;

void HttpClientConnection::setTls(const QList<QSslCertificate> &trusted, const QString &peerName) {
    m_trusted = trusted;
    m_peerName = peerName;
}

bool HttpClientConnection::connected() const {
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpClientConnection::send(const QByteArray &method, const QByteArray &target,
                                const Headers &headers, const QByteArray &body) {
    m_request = method + ' ' + target + " HTTP/1.1\r\n";
    for (const auto &h : headers)
        m_request += h.first + ": " + h.second + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        m_request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    m_request += "\r\n";
    m_request += body;
    m_busy = true;
    m_response = Response();
    m_field.clear();
    m_value.clear();
    m_lastWasValue = false;
    m_gotBytes = false;
    m_complete = false;
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
    m_timer->start(m_timeoutMs);
    if (connected()) {
        m_reused = true;
        writeRequest();
        return;
    }
    m_reused = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    if (isTls()) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(m_trusted);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl] {
            const QSslCipher cipher = ssl->sessionCipher();
            m_tlsSummary = QStringLiteral("%1 %2").arg(cipher.protocolString(), cipher.name());
            writeRequest();
        });
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList why;
            for (const QSslError &e : errors)
                why.append(e.errorString());
            fail(QStringLiteral("TLS: %1").arg(why.join(QStringLiteral("; "))), HttpFailure::Tls);
        });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &HttpClientConnection::writeRequest);
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpClientConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (!m_busy)
            return;
        if (e == QAbstractSocket::RemoteHostClosedError) {
            // EOF may end a response without a length (http_parser wants to know).
            onReadyRead();
            http_parser_execute(&m_parser, &m_settings, nullptr, 0);
            if (m_complete || !m_busy)
                return;
            fail(QStringLiteral("connection closed before the response ended"),
                 HttpFailure::Closed);
            return;
        }
        fail(m_socket->errorString(), e == QAbstractSocket::ConnectionRefusedError
                                          ? HttpFailure::Refused
                                          : HttpFailure::Network);
    });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        ssl->connectToHostEncrypted(m_address, quint16(m_port), m_peerName);
    else
        m_socket->connectToHost(QHostAddress(m_address), quint16(m_port));
}

void HttpClientConnection::abort() {
    m_timer->stop();
    m_busy = false;
    if (m_socket)
        m_socket->abort();
}

void HttpClientConnection::writeRequest() {
    if (m_busy)
        m_socket->write(m_request);
}

void HttpClientConnection::onReadyRead() {
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty() || !m_busy)
        return;
    m_gotBytes = true;
    const size_t n =
        http_parser_execute(&m_parser, &m_settings, data.constData(), size_t(data.size()));
    if (m_complete)
        return;
    if (HTTP_PARSER_ERRNO(&m_parser) != HPE_OK || n != size_t(data.size()))
        fail(QStringLiteral("bad response: %1")
                 .arg(QString::fromLatin1(http_errno_description(HTTP_PARSER_ERRNO(&m_parser)))),
             HttpFailure::BadResponse);
}

void HttpClientConnection::fail(const QString &error, HttpFailure failure) {
    if (!m_busy)
        return;
    m_busy = false;
    m_failure = failure;
    m_timer->stop();
    if (m_socket)
        m_socket->abort();
    emit failed(error, !m_gotBytes, m_reused);
}

void HttpClientConnection::finishHeader() {
    if (!m_field.isEmpty())
        m_response.headers.insert(m_field.toLower(), m_value);
    m_field.clear();
    m_value.clear();
}

int HttpClientConnection::onHeaderField(http_parser *p, const char *at, size_t len) {
    HttpClientConnection *c = self(p);
    if (c->m_lastWasValue)
        c->finishHeader();
    c->m_field.append(at, qsizetype(len));
    c->m_lastWasValue = false;
    return 0;
}

int HttpClientConnection::onHeaderValue(http_parser *p, const char *at, size_t len) {
    HttpClientConnection *c = self(p);
    c->m_value.append(at, qsizetype(len));
    c->m_lastWasValue = true;
    return 0;
}

int HttpClientConnection::onHeadersComplete(http_parser *p) {
    HttpClientConnection *c = self(p);
    c->finishHeader();
    c->m_response.status = int(p->status_code);
    return 0;
}

int HttpClientConnection::onBody(http_parser *p, const char *at, size_t len) {
    HttpClientConnection *c = self(p);
    if (c->m_response.body.size() < 16 * 1024 * 1024)
        c->m_response.body.append(at, qsizetype(len));
    return 0;
}

int HttpClientConnection::onMessageComplete(http_parser *p) {
    HttpClientConnection *c = self(p);
    c->m_complete = true;
    c->m_busy = false;
    c->m_timer->stop();
    const bool keepAlive = http_should_keep_alive(p) != 0;
    if (!keepAlive && c->m_socket)
        c->m_socket->disconnectFromHost();
    // Emitted from a queued call: the slot may send the next request on this connection,
    // which must not re-enter http_parser_execute.
    QMetaObject::invokeMethod(
        c, [c, r = c->m_response] { emit c->finished(r); }, Qt::QueuedConnection);
    return 0;
}

} // namespace infrastage::runtime
