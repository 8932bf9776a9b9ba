#include "dnsresolver.h"

#include "runtimeevent.h"

#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QTimer>
#include <QUdpSocket>

namespace infrastage::runtime {

DnsResolver::DnsResolver(QObject *parent)
    : QObject(parent)
    , m_socket(new QUdpSocket(this))
    , m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_tries >= 3) {
            emit failed(
                QStringLiteral("no answer from %1:%2 after 3 tries").arg(m_server).arg(m_port));
            return;
        }
        send();
    });
    connect(m_socket, &QUdpSocket::readyRead, this, [this] {
        while (m_socket->hasPendingDatagrams()) {
            const QNetworkDatagram d = m_socket->receiveDatagram();
            dns::Response r;
            QString why;
            if (!dns::parseResponse(d.data(), &r, &why) || r.id != m_id)
                continue; // not ours, or damaged: keep waiting as a real stub resolver does
            m_timer->stop();
            emit resolved(r, RuntimeEvent::nowNs() - m_sentNs);
            return;
        }
    });
}

quint16 DnsResolver::localPort() const {
    return m_socket->localPort();
}

void DnsResolver::resolve(const QString &server, int port, const QByteArray &name, quint16 type) {
    m_server = server;
    m_port = port;
    m_id = quint16(QRandomGenerator::global()->bounded(1, 65536));
    m_query = dns::buildQuery(m_id, name, type);
    m_tries = 0;
    if (m_socket->state() != QAbstractSocket::BoundState)
        m_socket->bind(QHostAddress(QStringLiteral("127.0.0.1")), 0);
    send();
}

void DnsResolver::send() {
    ++m_tries;
    m_sentNs = RuntimeEvent::nowNs();
    m_socket->writeDatagram(m_query, QHostAddress(m_server), quint16(m_port));
    m_timer->start(1000);
}

} // namespace infrastage::runtime
