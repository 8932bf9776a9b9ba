#pragma once

#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace infrastage::roles::lb {

// One tcp-mode client connection spliced to one server connection; bytes flow both ways
// unchanged. Closes both sides when either closes or goes quiet past its timeout.
class TcpSplice final : public QObject {
    Q_OBJECT

public:
    TcpSplice(QTcpSocket *client, QTcpSocket *server, int clientTimeoutMs, int serverTimeoutMs,
              QObject *parent);
    // Ends with `reason` ("client closed", "server timeout", ...).
    void close(const QString &reason);
    // Coarse-clock inactivity check, called by the proxy's sweep.
    void checkTimeouts(qint64 nowMs);

signals:
    void finished(qint64 bytesIn, qint64 bytesOut, const QString &reason);

private:
    void pump(QTcpSocket *from, QTcpSocket *to, qint64 *counter, qint64 *lastMs);

    QPointer<QTcpSocket> m_client;
    QPointer<QTcpSocket> m_server;
    int m_clientTimeoutMs;
    int m_serverTimeoutMs;
    qint64 m_bytesIn = 0;
    qint64 m_bytesOut = 0;
    qint64 m_clientLastMs = 0;
    qint64 m_serverLastMs = 0;
    bool m_done = false;
};

} // namespace infrastage::roles::lb
