#include "testhttpclient.h"

#include "httpparser.h"

#include <QDeadlineTimer>

using infrastage::http::HttpParser;
using infrastage::http::HttpResponse;

TestHttpClient::TestHttpClient(const QString &address, int port, const QString &source)
    : m_address(address)
    , m_port(port)
    , m_source(source) {}

bool TestHttpClient::connectIfNeeded() {
    if (connected())
        return true;
    m_socket.abort();
    if (!m_source.isEmpty())
        m_socket.bind(QHostAddress(m_source), 0);
    m_socket.connectToHost(QHostAddress(m_address), quint16(m_port));
    if (!m_socket.waitForConnected(5000)) {
        m_error = m_socket.errorString();
        return false;
    }
    return true;
}

HttpResponse TestHttpClient::exchange(const QByteArray &raw, int timeoutMs, bool head) {
    HttpResponse none;
    none.status = 0;
    if (!connectIfNeeded())
        return none;
    m_socket.write(raw);
    m_socket.flush();
    HttpParser parser(HttpParser::Mode::Response);
    parser.expectHeadResponse(head);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_socket.bytesAvailable() == 0 &&
            !m_socket.waitForReadyRead(int(std::min<qint64>(200, deadline.remainingTime())))) {
            if (m_socket.state() != QAbstractSocket::ConnectedState) {
                parser.finish();
                if (parser.hasResponse())
                    return parser.takeResponse();
                m_error = QStringLiteral("connection closed");
                return none;
            }
            continue;
        }
        const QByteArray bytes = m_socket.readAll();
        if (!parser.feed(bytes.constData(), bytes.size())) {
            m_error = QString::fromLatin1(parser.errorText());
            return none;
        }
        if (parser.hasResponse())
            return parser.takeResponse();
    }
    m_error = QStringLiteral("timeout");
    return none;
}

HttpResponse TestHttpClient::get(const QByteArray &target,
                                 const QList<QPair<QByteArray, QByteArray>> &headers,
                                 int timeoutMs) {
    QByteArray raw = "GET " + target + " HTTP/1.1\r\nHost: www.foobar.com\r\n";
    for (const auto &h : headers)
        raw += h.first + ": " + h.second + "\r\n";
    raw += "\r\n";
    return exchange(raw, timeoutMs);
}

HttpResponse httpGet(const QString &address, int port, const QByteArray &target,
                     const QList<QPair<QByteArray, QByteArray>> &headers) {
    TestHttpClient c(address, port);
    return c.get(target, headers);
}
