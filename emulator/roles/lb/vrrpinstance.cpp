#include "vrrpinstance.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "peerfilter.h"
#include "vrrpadvert.h"

#include <QNetworkDatagram>
#include <QUdpSocket>

#include <cstdio>

namespace infrastage::roles::lb {

namespace {

qint64 msSince(qint64 ns) {
    return ns > 0 ? (EventEmitter::nowNs() - ns) / 1000000 : -1;
}

} // namespace

VrrpInstance::VrrpInstance(VrrpConfig config, VipHooks hooks, const http::PeerFilter *filter,
                           QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_hooks(std::move(hooks))
    , m_filter(filter)
    , m_socket(new QUdpSocket(this))
    , m_masterAdverMs(m_config.advertIntMs) {
    for (QTimer *t : {&m_advertTimer, &m_downTimer, &m_missTimer, &m_bindTimer})
        t->setTimerType(Qt::PreciseTimer);
    m_downTimer.setSingleShot(true);
    m_missTimer.setSingleShot(true);
    connect(&m_advertTimer, &QTimer::timeout, this, &VrrpInstance::onAdvertTimer);
    connect(&m_downTimer, &QTimer::timeout, this, [this] {
        becomeMaster(QStringLiteral("no advertisement for %1 ms (3 x advert_int %2 ms + skew "
                                    "%3 ms)")
                         .arg(masterDownMs())
                         .arg(m_masterAdverMs)
                         .arg(skewMs()));
    });
    connect(&m_missTimer, &QTimer::timeout, this, &VrrpInstance::onMissTick);
    connect(&m_bindTimer, &QTimer::timeout, this, [this] { tryBind(false); });
    connect(m_socket, &QUdpSocket::readyRead, this, &VrrpInstance::onDatagrams);
}

VrrpInstance::~VrrpInstance() = default;

QString VrrpInstance::stateName(State s) {
    switch (s) {
    case State::Init:
        return QStringLiteral("INIT");
    case State::Backup:
        return QStringLiteral("BACKUP");
    case State::Master:
        return QStringLiteral("MASTER");
    }
    return QString();
}

quint16 VrrpInstance::port() const {
    return m_socket->localPort();
}

bool VrrpInstance::start(QString *error) {
    const http::ListenSpec &l = m_config.listen;
    if (!m_socket->bind(l.address, l.port) && !(l.fallback && m_socket->bind(l.address, 0))) {
        *error = QStringLiteral("vrrp: cannot bind %1:%2 (udp): %3")
                     .arg(l.address.toString())
                     .arg(l.port)
                     .arg(m_socket->errorString());
        return false;
    }
    if (!m_config.initialMaster) {
        becomeBackup(QStringLiteral("configured BACKUP"));
        return true;
    }
    // The configured MASTER binds before it reports ready: the run starts with the VIP held.
    becomeMaster(QStringLiteral("configured MASTER (the highest priority of the group)"), true,
                 error);
    return m_holding;
}

void VrrpInstance::shutdown() {
    m_advertTimer.stop();
    m_downTimer.stop();
    m_missTimer.stop();
    m_bindTimer.stop();
    if (m_state != State::Master)
        return;
    if (m_holding)
        release();
    send(VrrpAdvert::Advertisement, 0);
}

void VrrpInstance::setPeers(const QList<VrrpPeer> &peers) {
    m_config.peers = peers;
}

void VrrpInstance::setVipPorts(quint16 port, quint16 httpsPort) {
    if (m_holding)
        return; // the holder knows where it is bound
    if (port > 0)
        m_config.vipPort = port;
    if (httpsPort > 0)
        m_config.vipHttpsPort = httpsPort;
}

void VrrpInstance::learnPeer(const QString &node, const QHostAddress &address, quint16 port) {
    for (VrrpPeer &p : m_config.peers) {
        if (p.node == node) {
            p.address = address; // a restarted peer may have another port
            p.port = port;
            return;
        }
    }
    m_config.peers.append(VrrpPeer{node, address, port});
}

void VrrpInstance::onDatagrams() {
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket->receiveDatagram();
        const QHostAddress from = d.senderAddress();
        if (m_filter && m_filter->isCut(from))
            continue; // the link to that peer is cut: its adverts do not arrive
        VrrpAdvert a;
        QString why;
        if (!VrrpAdvert::decode(d.data(), &a, &why)) {
            std::fprintf(stderr, "vrrp: ignored a datagram from %s: %s\n",
                         qPrintable(from.toString()), qPrintable(why));
            continue;
        }
        if (a.vrid != m_config.vrid || a.vip != m_config.vip) {
            std::fprintf(stderr, "vrrp: ignored an advert for VRID %d (%s) from %s\n", a.vrid,
                         qPrintable(a.vip.toString()), qPrintable(a.node));
            continue;
        }
        learnPeer(a.node, from, quint16(d.senderPort()));
        handle(a, from, quint16(d.senderPort()));
    }
}

void VrrpInstance::handle(const VrrpAdvert &a, const QHostAddress &from, quint16 fromPort) {
    Q_UNUSED(fromPort);
    if (a.type == VrrpAdvert::Released) {
        if (m_state == State::Master && !m_holding)
            tryBind(false); // the holder closed its socket: bind now, not at the next retry
        return;
    }
    if (m_state == State::Backup) {
        if (a.priority == 0) {
            // The MASTER resigned (stopping): take over after the skew time only.
            m_master = a.node;
            m_downTimer.start(skewMs());
            return;
        }
        if (!m_config.preempt || a.priority >= m_config.priority)
            heard(a);
        // else: preempt, and this BACKUP outranks the MASTER: let Master_Down_Timer run out.
        return;
    }
    if (m_state != State::Master)
        return;
    if (a.priority == 0) {
        send(VrrpAdvert::Advertisement, quint8(m_config.priority));
        return;
    }
    const quint32 mine = m_config.listen.address.toIPv4Address();
    if (a.priority > m_config.priority ||
        (a.priority == m_config.priority && from.toIPv4Address() > mine))
        becomeBackup(QStringLiteral("%1 advertises a higher priority (%2 > %3)")
                         .arg(a.node)
                         .arg(a.priority)
                         .arg(m_config.priority));
}

void VrrpInstance::heard(const VrrpAdvert &a) {
    m_master = a.node;
    if (a.intervalMs > 0)
        m_masterAdverMs = a.intervalMs;
    m_lastHeardNs = EventEmitter::nowNs();
    m_missed = 0;
    if (a.vipPort > 0) // the VIP's real port, wherever its holder bound it
        m_config.vipPort = a.vipPort;
    m_config.vipHttpsPort = a.vipHttpsPort;
    m_downTimer.start(masterDownMs());
    // One vrrp.advert_missed per interval heard nothing, half a skew after each expected one.
    m_missTimer.start(m_masterAdverMs + std::max(1, skewMs() / 2));
}

void VrrpInstance::onMissTick() {
    ++m_missed;
    EventEmitter::emitEvent(EventKind::VrrpAdvertMissed,
                            QJsonObject{{QStringLiteral("missed"), m_missed},
                                        {QStringLiteral("master"), m_master},
                                        {QStringLiteral("since_ms"), msSince(m_lastHeardNs)},
                                        {QStringLiteral("advert_int"), m_masterAdverMs},
                                        {QStringLiteral("master_down_ms"), masterDownMs()}});
    EventEmitter::flush();
    m_missTimer.start(m_masterAdverMs);
}

void VrrpInstance::onAdvertTimer() {
    const qint64 late = msSince(m_lastSentNs) - m_config.advertIntMs;
    if (late > masterDownMs() - m_config.advertIntMs) {
        // Frozen (or starved) for longer than a BACKUP waits: it may have declared itself
        // MASTER. It could not bind (this process kept the socket); the adverts below settle it.
        EventEmitter::emitEvent(EventKind::VrrpStalled,
                                QJsonObject{{QStringLiteral("late_ms"), late},
                                            {QStringLiteral("holding_vip"), m_holding}});
    }
    send(VrrpAdvert::Advertisement, quint8(m_config.priority));
}

void VrrpInstance::becomeMaster(const QString &reason, bool fallback, QString *error) {
    m_downTimer.stop();
    m_missTimer.stop();
    m_masterSinceNs = EventEmitter::nowNs();
    m_busyReported = false;
    setState(State::Master, reason);
    // Bind first: the advert then names the port really held (a fallback port when the planned
    // one is taken), and a peer that takes over later binds that one, where the clients are.
    if (!m_holding)
        tryBind(fallback, error);
    send(VrrpAdvert::Advertisement, quint8(m_config.priority));
    m_advertTimer.start(m_config.advertIntMs);
}

void VrrpInstance::becomeBackup(const QString &reason) {
    m_advertTimer.stop();
    m_bindTimer.stop();
    const bool wasHolding = m_holding;
    if (m_holding)
        release();
    setState(State::Backup, reason);
    if (wasHolding)
        send(VrrpAdvert::Released, quint8(m_config.priority));
    m_missed = 0;
    m_lastHeardNs = EventEmitter::nowNs();
    m_downTimer.start(masterDownMs());
    m_missTimer.start(m_masterAdverMs + std::max(1, skewMs() / 2));
}

void VrrpInstance::setState(State s, const QString &reason) {
    const State from = m_state;
    m_state = s;
    std::fprintf(stderr, "VRRP %s -> %s: %s\n", qPrintable(stateName(from)),
                 qPrintable(stateName(s)), qPrintable(reason));
    EventEmitter::emitEvent(EventKind::VrrpState,
                            QJsonObject{{QStringLiteral("from"), stateName(from)},
                                        {QStringLiteral("to"), stateName(s)},
                                        {QStringLiteral("reason"), reason},
                                        {QStringLiteral("priority"), m_config.priority},
                                        {QStringLiteral("vip"), m_config.designVip},
                                        {QStringLiteral("master"),
                                         s == State::Master ? EventEmitter::node() : m_master},
                                        {QStringLiteral("missed"), m_missed},
                                        {QStringLiteral("since_ms"), msSince(m_lastHeardNs)}});
    EventEmitter::flush();
}

void VrrpInstance::send(int type, quint8 priority) {
    VrrpAdvert a;
    a.type = VrrpAdvert::Type(type);
    a.vrid = m_config.vrid;
    a.priority = priority;
    a.intervalMs = m_config.advertIntMs;
    a.vip = m_config.vip;
    a.vipPort = m_config.vipPort;
    a.vipHttpsPort = m_config.vipHttpsPort;
    a.node = EventEmitter::node();
    const QByteArray d = a.encode();
    for (const VrrpPeer &p : std::as_const(m_config.peers)) {
        if (m_filter && m_filter->isCut(p.address))
            continue;
        m_socket->writeDatagram(d, p.address, p.port);
    }
    if (type == VrrpAdvert::Advertisement)
        m_lastSentNs = EventEmitter::nowNs();
}

bool VrrpInstance::tryBind(bool fallback, QString *error) {
    if (m_holding)
        return true;
    QString why;
    quint16 port = m_config.vipPort;
    quint16 https = m_config.vipHttpsPort;
    if (!m_hooks.bind(&port, &https, fallback, &why)) {
        if (error)
            *error = why;
        if (!m_busyReported)
            EventEmitter::emitEvent(
                EventKind::VrrpVipBusy,
                QJsonObject{{QStringLiteral("vip"), m_config.designVip},
                            {QStringLiteral("address"), m_config.vip.toString()},
                            {QStringLiteral("port"), m_config.vipPort},
                            {QStringLiteral("error"), why}});
        m_busyReported = true;
        // Retry often: the holder may release at any moment (or stay frozen a long time).
        m_bindTimer.start(qBound(5, m_config.advertIntMs / 20, 50));
        return false;
    }
    m_bindTimer.stop();
    m_holding = true;
    m_config.vipPort = port;
    m_config.vipHttpsPort = https;
    EventEmitter::emitEvent(EventKind::VrrpVipAcquired,
                            QJsonObject{{QStringLiteral("vip"), m_config.designVip},
                                        {QStringLiteral("address"), m_config.vip.toString()},
                                        {QStringLiteral("port"), port},
                                        {QStringLiteral("https_port"), https},
                                        {QStringLiteral("after_ms"), msSince(m_masterSinceNs)}});
    EventEmitter::flush();
    return true;
}

void VrrpInstance::release() {
    m_hooks.release();
    m_holding = false;
    EventEmitter::emitEvent(EventKind::VrrpVipReleased,
                            QJsonObject{{QStringLiteral("vip"), m_config.designVip},
                                        {QStringLiteral("address"), m_config.vip.toString()},
                                        {QStringLiteral("port"), m_config.vipPort}});
    EventEmitter::flush();
}

} // namespace infrastage::roles::lb
