#pragma once

#include "httpfailure.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QSslCertificate>

#include <http_parser.h>

class QTcpSocket;
class QTimer;

namespace infrastage::runtime {

// One HTTP/1.1 client connection with keep-alive, for the CLI's walkthrough and load generator.
// Responses are parsed with http_parser (the parser Node.js used for a decade).
class HttpClientConnection final : public QObject {
    Q_OBJECT

public:
    struct Response {
        int status = 0;
        QMap<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpClientConnection(QString address, int port, QObject *parent = nullptr);
    ~HttpClientConnection() override;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // HTTPS from the next connection on: the server's certificate must chain to one of
    // `trusted` and name `peerName` (the URL's host, not the loopback address connected to).
    void setTls(const QList<QSslCertificate> &trusted, const QString &peerName);
    bool isTls() const { return !m_peerName.isEmpty(); }
    // After an HTTPS response: the protocol and cipher agreed, e.g. "TLSv1.3
    // TLS_AES_256_GCM_SHA384".
    QString tlsSummary() const { return m_tlsSummary; }
    bool busy() const { return m_busy; }
    HttpFailure lastFailure() const { return m_failure; } // the class of the last `failed`
    // Whether the next request reuses an open connection.
    bool connected() const;

    // Sends one request (with Content-Length when it has a body or is a POST or PUT); exactly
    // one of finished/failed follows.
    void send(const QByteArray &method, const QByteArray &target, const Headers &headers,
              const QByteArray &body = QByteArray());
    void abort();

signals:
    void finished(const infrastage::runtime::HttpClientConnection::Response &response);
    // `noResponseBytes`: nothing of the response arrived; `reused`: sent on a kept-alive
    // connection. Both together mean the server closed the idle connection as we sent (RFC 9112
    // 9.3.1 lets a client retry an idempotent request then).
    void failed(const QString &error, bool noResponseBytes, bool reused);

private:
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);

    void writeRequest();
    void onReadyRead();
    void fail(const QString &error, HttpFailure failure);
    void finishHeader();

    QString m_address;
    int m_port;
    QList<QSslCertificate> m_trusted;
    QString m_peerName;
    QString m_tlsSummary;
    QTcpSocket *m_socket = nullptr;
    QTimer *m_timer;
    int m_timeoutMs = 10000;
    http_parser m_parser;
    http_parser_settings m_settings;
    QByteArray m_request;
    Response m_response;
    QByteArray m_field;
    QByteArray m_value;
    bool m_lastWasValue = false;
    bool m_busy = false;
    bool m_reused = false;
    bool m_gotBytes = false;
    bool m_complete = false;
    bool m_keepAlive = true;
    HttpFailure m_failure = HttpFailure::None;
};

} // namespace infrastage::runtime
