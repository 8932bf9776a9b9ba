// LbRole, the part of a load balancer that shares a virtual IP with its peers (VRRP).
#include "lbrole.h"

#include "eventemitter.h"
#include "tcpproxy.h"
#include "vrrpinstance.h"

namespace infrastage::roles::lb {

bool LbRole::startVrrp(const QJsonObject &config, QJsonObject *extra, QString *error) {
    VrrpConfig vc;
    if (!VrrpConfig::fromJson(config.value(QLatin1String("vrrp")), &vc, error))
        return false;
    if (vc.vipHttpsPort == 0 && !m_config.certificatePath.isEmpty())
        vc.vipHttpsPort = quint16(m_config.httpsPort);
    VrrpInstance::VipHooks hooks;
    hooks.bind = [this](quint16 *port, quint16 *https, bool fallback, QString *why) {
        return bindVip(port, https, fallback, why);
    };
    hooks.release = [this] { releaseVip(); };
    m_vipAddress = vc.vip;
    m_vrrp = new VrrpInstance(vc, hooks, &m_filter, this);
    if (!m_vrrp->start(error))
        return false;
    extra->insert(QStringLiteral("vrrp_port"), m_vrrp->port());
    extra->insert(QStringLiteral("vrrp_state"), VrrpInstance::stateName(m_vrrp->state()));
    extra->insert(QStringLiteral("vip_port"), m_vrrp->vipPort());
    if (m_vrrp->vipHttpsPort() > 0)
        extra->insert(QStringLiteral("vip_https_port"), m_vrrp->vipHttpsPort());
    return true;
}

void LbRole::stopVrrp() {
    if (m_vrrp)
        m_vrrp->shutdown();
}

// Binding fails while another process (the peer, even frozen) holds VIP:port: the kernel, not
// a flag, keeps two holders from answering at once. No SO_REUSEPORT.
bool LbRole::bindVip(quint16 *port, quint16 *httpsPort, bool fallback, QString *error) {
    http::ListenSpec spec;
    spec.address = m_vipAddress;
    spec.port = *port;
    spec.fallback = fallback;
    if (m_tcp) {
        if (!m_vipTcp) {
            m_vipTcp =
                new TcpProxy(&m_servers, m_balancer.get(), m_config, &m_filter, m_tracingOn, this);
            if (m_limit)
                m_vipTcp->setConnectionLimit(m_limit.get());
        }
        if (!m_vipTcp->listen(spec, error))
            return false;
        *port = m_vipTcp->port();
        return true;
    }
    if (!m_vipServer && !(m_vipServer = newFrontend(false, error)))
        return false;
    if (!m_vipServer->listen(spec, error))
        return false;
    *port = m_vipServer->port();
    if (*httpsPort == 0)
        return true;
    if (!m_vipHttps && !(m_vipHttps = newFrontend(true, error))) {
        m_vipServer->close();
        return false;
    }
    spec.port = *httpsPort;
    if (!m_vipHttps->listen(spec, error)) {
        m_vipServer->close();
        return false;
    }
    *httpsPort = m_vipHttps->port();
    return true;
}

// Connections already accepted stay with this process until they end; new ones reach the
// next holder.
void LbRole::releaseVip() {
    if (m_vipTcp)
        m_vipTcp->close();
    if (m_vipServer)
        m_vipServer->close();
    if (m_vipHttps)
        m_vipHttps->close();
}

void LbRole::control(const QJsonObject &command) {
    if (command.value(QLatin1String("cmd")).toString() != QLatin1String("vrrp_peers")) {
        HttpRole::control(command);
        return;
    }
    QList<VrrpPeer> peers;
    QString error;
    if (!m_vrrp ||
        !VrrpConfig::peersFromJson(command.value(QLatin1String("peers")), &peers, &error)) {
        EventEmitter::emitEvent(
            EventKind::ControlError,
            QJsonObject{{QStringLiteral("cmd"), QStringLiteral("vrrp_peers")},
                        {QStringLiteral("error"),
                         m_vrrp ? error : QStringLiteral("this load balancer shares no VIP")}});
        return;
    }
    m_vrrp->setPeers(peers);
    m_vrrp->setVipPorts(quint16(command.value(QLatin1String("vip_port")).toInt()),
                        quint16(command.value(QLatin1String("vip_https_port")).toInt()));
}

} // namespace infrastage::roles::lb
