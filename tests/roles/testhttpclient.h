#pragma once

#include "httpmessage.h"

#include <QHostAddress>
#include <QTcpSocket>

// A small blocking HTTP/1.1 client for the role tests, built on the same libhttp-parser wrapper
// as the roles: one kept-alive connection, one request at a time.
class TestHttpClient final {
public:
    TestHttpClient(const QString &address, int port, const QString &source = QString());
    // Sends `request` bytes as given and reads one response; status 0 when none arrived.
    infrastage::http::HttpResponse exchange(const QByteArray &raw, int timeoutMs = 5000,
                                            bool head = false);
    infrastage::http::HttpResponse get(const QByteArray &target,
                                       const QList<QPair<QByteArray, QByteArray>> &headers = {},
                                       int timeoutMs = 5000);
    QTcpSocket &socket() { return m_socket; }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool connectIfNeeded();
    QString lastError() const { return m_error; }

private:
    QString m_address;
    int m_port;
    QString m_source;
    QTcpSocket m_socket;
    QString m_error;
};

// One GET on a fresh connection.
infrastage::http::HttpResponse httpGet(const QString &address, int port, const QByteArray &target,
                                       const QList<QPair<QByteArray, QByteArray>> &headers = {});
