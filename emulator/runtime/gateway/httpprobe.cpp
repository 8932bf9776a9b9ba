#include "httpprobe.h"

#include <QTcpSocket>
#include <QTimer>

namespace infrastage::runtime {

HttpProbe::HttpProbe(const QString &address, int port, QByteArray request, int timeoutMs,
                     QObject *parent)
    : QObject(parent)
    , m_socket(new QTcpSocket(this))
    , m_request(std::move(request)) {
    QTimer::singleShot(timeoutMs, this, &HttpProbe::finish);
    connect(m_socket, &QTcpSocket::connected, this, [this] { m_socket->write(m_request); });
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_answer += m_socket->readAll(); });
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpProbe::finish);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpProbe::finish);
    m_socket->connectToHost(address, quint16(port));
}

void HttpProbe::finish() {
    if (m_finished)
        return;
    m_finished = true;
    m_answer += m_socket->readAll();
    m_socket->abort();
    emit done(m_answer.startsWith("HTTP/1.1 2"));
    deleteLater();
}

} // namespace infrastage::runtime
