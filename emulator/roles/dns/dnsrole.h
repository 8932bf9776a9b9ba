#pragma once

#include "dnszone.h"
#include "role.h"

#include <QHostAddress>
#include <QSet>

class QUdpSocket;

namespace infrastage::dns {

// The dns role: an authoritative DNS server over UDP answering from the topology's records.
// Malformed packets are dropped and counted; the server keeps answering everyone else.
class DnsRole final : public roles::Role {
    Q_OBJECT

public:
    using Role::Role;

    bool start(const QJsonObject &config, QString *error) override;
    void control(const QJsonObject &command) override;
    void stop() override;

private:
    void readPending();
    void answer(const QByteArray &packet, const QHostAddress &peer, quint16 port);

    QUdpSocket *m_socket = nullptr;
    DnsZone m_zone;
    qint64 m_malformed = 0;
    qint64 m_answered = 0;
    int m_slowMs = 0;
    QSet<QString> m_cut; // peers whose queries are dropped (a cut link)
};

} // namespace infrastage::dns
