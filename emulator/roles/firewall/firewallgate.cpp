#include "firewallgate.h"

#include "events/eventkind.h"

#include <QCoreApplication>
#include <QTcpSocket>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::firewall {

FirewallGate &FirewallGate::process() {
    static FirewallGate *gate = new FirewallGate(QCoreApplication::instance());
    return *gate;
}

bool FirewallGate::configure(const QJsonValue &config, QString *error) {
    return m_filter.configure(config, error);
}

bool FirewallGate::admit(qintptr fd, const QString &listener) {
    if (!m_filter.enabled())
        return true;
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    if (::getpeername(int(fd), reinterpret_cast<sockaddr *>(&peer), &len) != 0 ||
        peer.sin_family != AF_INET)
        return true; // not IPv4: nothing the design's rules speak of
    const quint32 ip = ntohl(peer.sin_addr.s_addr);
    const int port = m_filter.designPort(listener);
    bool first = false;
    const Verdict &v = m_filter.decide(ip, port, &first);
    report(v, QHostAddress(ip), ntohs(peer.sin_port), port, listener, first);
    switch (v.action) {
    case FirewallAction::Accept:
        return true;
    case FirewallAction::Reject: {
        const linger reset{1, 0}; // close with RST: the client is refused at once
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        ::close(int(fd));
        return false;
    }
    case FirewallAction::Drop:
        hold(fd);
        return false;
    }
    return true;
}

bool FirewallGate::admitDatagram(const QHostAddress &peer, quint16 peerPort,
                                 const QString &listener) {
    if (!m_filter.enabled())
        return true;
    bool ok = false;
    const quint32 ip = peer.toIPv4Address(&ok);
    if (!ok)
        return true;
    const int port = m_filter.designPort(listener);
    bool first = false;
    const Verdict &v = m_filter.decide(ip, port, &first);
    report(v, QHostAddress(ip), peerPort, port, listener, first);
    return v.action == FirewallAction::Accept; // no ICMP from user space: a reject is silent
}

void FirewallGate::report(const Verdict &v, const QHostAddress &peer, quint16 peerPort, int port,
                          const QString &listener, bool first) {
    if (!m_reporter || !v.guarded())
        return;
    if (v.action == FirewallAction::Accept && !first && !m_everyAccept)
        return;
    const QLatin1String kind = v.action == FirewallAction::Accept ? EventKind::FirewallAccept
                               : v.action == FirewallAction::Drop ? EventKind::FirewallDrop
                                                                  : EventKind::FirewallReject;
    m_reporter(kind, QJsonObject{{QStringLiteral("firewall"), v.firewall},
                                 {QStringLiteral("name"), v.name},
                                 {QStringLiteral("rule"), v.rule},
                                 {QStringLiteral("action"), firewallActionName(v.action)},
                                 {QStringLiteral("source"), v.source},
                                 {QStringLiteral("client"),
                                  QStringLiteral("%1:%2").arg(peer.toString()).arg(peerPort)},
                                 {QStringLiteral("port"), port},
                                 {QStringLiteral("listener"), listener}});
}

void FirewallGate::hold(qintptr fd) {
    auto *s = new QTcpSocket(this);
    if (!s->setSocketDescriptor(fd)) {
        ::close(int(fd));
        delete s;
        return;
    }
    if (m_held.size() >= kMaxHeld)
        m_held.takeFirst()->abort(); // its disconnected() deletes it
    m_held.append(s);
    // What the client sends is read and thrown away, as a dropping firewall would; when it
    // gives up and closes, the descriptor goes.
    connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
    connect(s, &QTcpSocket::disconnected, this, [this, s] {
        m_held.removeOne(s);
        s->deleteLater();
    });
}

} // namespace infrastage::firewall
