#include "dnsrole.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "firewallgate.h"

#include <QJsonArray>
#include <QNetworkDatagram>
#include <QPointer>
#include <QTimer>
#include <QUdpSocket>

namespace infrastage::dns {

namespace {
roles::RoleRegistration registration("dns", [] { return std::make_unique<DnsRole>(); });

QString peerText(const QHostAddress &peer, quint16 port) {
    QHostAddress a = peer;
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    if (ok)
        a = QHostAddress(v4);
    return QStringLiteral("%1:%2").arg(a.toString()).arg(port);
}
} // namespace

bool DnsRole::start(const QJsonObject &config, QString *error) {
    if (!m_zone.load(config.value(QLatin1String("records")).toArray(),
                     config.value(QLatin1String("ttl")).toInteger(300), error))
        return false;
    QStringList zones;
    for (const QJsonValue &z : config.value(QLatin1String("zones")).toArray())
        zones.append(z.toString());
    if (!zones.isEmpty())
        m_zone.setZones(zones);

    const QJsonObject listen = config.value(QLatin1String("listen")).toObject();
    const QHostAddress address(
        listen.value(QLatin1String("address")).toString(QStringLiteral("127.0.0.1")));
    const int port = listen.value(QLatin1String("port")).toInt(0);
    const bool fallback = listen.value(QLatin1String("fallback")).toBool(false);
    if (address.isNull() || !address.isLoopback()) {
        *error = QStringLiteral("listen address '%1' is not inside 127.0.0.0/8")
                     .arg(listen.value(QLatin1String("address")).toString());
        return false;
    }
    m_socket = new QUdpSocket(this);
    if (!m_socket->bind(address, quint16(port))) {
        const QString first = m_socket->errorString();
        if (!fallback || port == 0 || !m_socket->bind(address, 0)) {
            *error = QStringLiteral("cannot bind UDP %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(first);
            return false;
        }
        roles::EventEmitter::emitEvent(
            EventKind::PortFallback,
            QJsonObject{{QStringLiteral("wanted"), port},
                        {QStringLiteral("port"), int(m_socket->localPort())},
                        {QStringLiteral("reason"), first}});
    }
    connect(m_socket, &QUdpSocket::readyRead, this, &DnsRole::readPending);
    roles::EventEmitter::ready(
        address.toString(), m_socket->localPort(),
        QJsonObject{{QStringLiteral("protocol"), QStringLiteral("udp")},
                    {QStringLiteral("records"), m_zone.recordCount()},
                    {QStringLiteral("zones"), QJsonArray::fromStringList(m_zone.zones())}});
    return true;
}

void DnsRole::readPending() {
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket->receiveDatagram(65536);
        if (!d.isValid())
            continue;
        const QHostAddress peer = d.senderAddress();
        const quint16 port = quint16(d.senderPort());
        QHostAddress v4 = peer;
        bool ok = false;
        const quint32 raw = peer.toIPv4Address(&ok);
        if (ok)
            v4 = QHostAddress(raw);
        if (m_cut.contains(v4.toString()))
            continue; // the link to that peer is cut: its queries vanish, as on a dead wire
        if (!firewall::FirewallGate::process().admitDatagram(v4, port, QStringLiteral("listen")))
            continue; // a firewall in front of this host dropped it
        if (m_slowMs > 0) {
            QTimer::singleShot(m_slowMs, this,
                               [this, data = d.data(), peer, port] { answer(data, peer, port); });
        } else {
            answer(d.data(), peer, port);
        }
    }
}

void DnsRole::answer(const QByteArray &packet, const QHostAddress &peer, quint16 port) {
    const qint64 begin = roles::EventEmitter::nowNs();
    const QString client = peerText(peer, port);
    Query q;
    QString reason;
    if (!parseQuery(packet, &q, &reason)) {
        ++m_malformed;
        roles::EventEmitter::emitEvent(EventKind::DnsMalformed,
                                       QJsonObject{{QStringLiteral("client"), client},
                                                   {QStringLiteral("bytes"), int(packet.size())},
                                                   {QStringLiteral("reason"), reason},
                                                   {QStringLiteral("dropped"), m_malformed}});
        return;
    }
    const QString name = QString::fromLatin1(q.question.name);
    const QString type = typeName(q.question.type);
    roles::EventEmitter::emitEvent(EventKind::DnsQuery,
                                   QJsonObject{{QStringLiteral("id"), int(q.id)},
                                               {QStringLiteral("client"), client},
                                               {QStringLiteral("name"), name},
                                               {QStringLiteral("type"), type},
                                               {QStringLiteral("edns"), q.edns}});
    DnsZone::Answer a;
    if (q.opcode() != 0)
        a.rcode = RcodeNotImp;
    else if (q.question.klass != 1 && q.question.klass != 255)
        a.rcode = RcodeRefused;
    else
        a = m_zone.resolve(q.question.name, q.question.type);
    const QByteArray response = buildResponse(q, a.rcode, a.answers, a.authority);
    ++m_answered;
    // The answer's event is stamped before the answer leaves: once it has, the client may reach
    // the next node, and an answer stamped later could sort after that node's events.
    QJsonArray answers;
    for (const ResourceRecord &rr : a.answers)
        answers.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(rr.name)},
                                   {QStringLiteral("type"), typeName(rr.type)},
                                   {QStringLiteral("ttl"), qint64(rr.ttl)},
                                   {QStringLiteral("value"), rr.valueText()}});
    roles::EventEmitter::emitEvent(EventKind::DnsAnswer,
                                   QJsonObject{{QStringLiteral("id"), int(q.id)},
                                               {QStringLiteral("client"), client},
                                               {QStringLiteral("name"), name},
                                               {QStringLiteral("type"), type},
                                               {QStringLiteral("rcode"), rcodeName(a.rcode)},
                                               {QStringLiteral("answers"), answers},
                                               {QStringLiteral("bytes"), int(response.size())},
                                               {QStringLiteral("duration_us"),
                                                (roles::EventEmitter::nowNs() - begin) / 1000}});
    m_socket->writeDatagram(response, peer, port);
}

void DnsRole::control(const QJsonObject &command) {
    const QString cmd = command.value(QLatin1String("cmd")).toString();
    if (cmd == QLatin1String("slow")) {
        m_slowMs = qMax(0, command.value(QLatin1String("ms")).toInt());
    } else if (cmd == QLatin1String("cut") || cmd == QLatin1String("heal")) {
        const QString peer = command.value(QLatin1String("peer")).toString();
        if (cmd == QLatin1String("cut"))
            m_cut.insert(peer);
        else
            m_cut.remove(peer);
    } else {
        Role::control(command);
        return;
    }
    roles::EventEmitter::emitEvent(EventKind::ControlApplied,
                                   QJsonObject{{QStringLiteral("command"), command}});
}

void DnsRole::stop() {
    if (m_socket)
        m_socket->close();
    roles::EventEmitter::emitEvent(EventKind::Stopped,
                                   QJsonObject{{QStringLiteral("answered"), m_answered},
                                               {QStringLiteral("malformed"), m_malformed}});
}

} // namespace infrastage::dns
