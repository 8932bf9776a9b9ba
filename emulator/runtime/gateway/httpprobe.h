#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace infrastage::runtime {

// One raw HTTP exchange (the request should say Connection: close) that reports whether a 2xx
// answer began within the timeout. Deletes itself after `done`.
class HttpProbe final : public QObject {
    Q_OBJECT

public:
    HttpProbe(const QString &address, int port, QByteArray request, int timeoutMs,
              QObject *parent = nullptr);

signals:
    void done(bool ok);

private:
    void finish();

    QTcpSocket *m_socket;
    QByteArray m_request;
    QByteArray m_answer;
    bool m_finished = false;
};

} // namespace infrastage::runtime
