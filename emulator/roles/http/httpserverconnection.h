#pragma once

#include "httpparser.h"
#include "httpserver.h"

#include <QObject>

class QSocketNotifier;
class QTcpSocket;

namespace infrastage::http {

// One accepted client connection of an HttpServer: parses requests, hands them out one at a
// time in order and writes each response with a single write. Plain HTTP runs on the raw
// descriptor (one read(2) into the parser, one send(2) per response); TLS on the QSslSocket.
class HttpServerConnection final : public QObject {
    Q_OBJECT

public:
    HttpServerConnection(HttpServer *server, QTcpSocket *socket);
    // Plain HTTP on an accepted descriptor, which the connection owns.
    HttpServerConnection(HttpServer *server, int fd, const QHostAddress &peer, quint16 peerPort);
    // Bytes read from the descriptor before it was handed over (by Qt's socket, while the
    // connection waited for a slot under maxconn).
    void takeEarlyInput(const QByteArray &bytes);
    ~HttpServerConnection() override;

    QHostAddress peer() const { return m_peer; }
    void send(const HttpResponse &response);
    void sendRaw(QByteArrayView bytes); // Responder::sendRaw
    void abort();
    // Called by the server's sweep with the coarse clock in ms.
    void checkTimeouts(qint64 nowMs);

private:
    void onReadyRead();
    void readDescriptor();
    void consume(const char *data, qint64 n);
    void onWritable();
    void writeOut(QByteArrayView bytes);
    void responded(bool keepAlive); // after a response was written
    void closeGracefully();         // once what was written is out
    void closeDescriptor();
    void next();
    void reject(int status, const QByteArray &reason);
    void closeAfterWrite();

    HttpServer *m_server;
    QTcpSocket *m_socket = nullptr; // TLS (or null with a raw descriptor)
    int m_fd = -1;
    QSocketNotifier *m_readable = nullptr;
    QSocketNotifier *m_writable = nullptr; // on while output waits for the kernel
    QByteArray m_out;                      // output the kernel did not take yet
    bool m_closeWhenWritten = false;
    HttpParser m_parser;
    QHostAddress m_peer;
    QByteArray m_peerText;
    quint16 m_peerPort = 0;
    bool m_busy = false;    // a request is with the handler
    bool m_inNext = false;  // guards next() against re-entry from a synchronous handler
    bool m_closing = false; // no more requests are read; close once written
    bool m_requestKeepAlive = true;
    int m_requestMinor = 1;
    bool m_requestHead = false;
    qint64 m_lastActivityMs = 0;
    qint64 m_requestStartMs = -1; // first byte of an incomplete request, -1 when none
    qint64 m_acceptedMs = 0;
    bool m_answered = false; // a request was handed out (the first request's wait is over)
};

} // namespace infrastage::http
