#pragma once

#include "vrrpconfig.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QUdpSocket;

namespace infrastage::http {
class PeerFilter;
}

namespace infrastage::roles::lb {

struct VrrpAdvert;

// This load balancer's side of VRRP with the other members of its group (RFC 5798's state
// machine, keepalived's defaults): a MASTER advertises every advert_int and holds the VIP; a
// BACKUP takes over once it has heard nothing for 3 * advert_int + skew. Holding the VIP means
// being the one process bound to VIP:port on loopback, so a handover is a release then a bind,
// never two holders (docs/runtime.md).
class VrrpInstance final : public QObject {
    Q_OBJECT

public:
    enum class State {
        Init,   // not started
        Backup, // listens for the MASTER's advertisements, holds only its own address
        Master, // advertises and holds (or is trying to bind) the VIP
    };
    // What holding the VIP means to the role: bind its frontend(s) on the VIP, close them.
    struct VipHooks {
        // Binds on config.vip at *port (and *httpsPort if non-zero); with `fallback`, another
        // port if that one is taken, written back.
        std::function<bool(quint16 *port, quint16 *httpsPort, bool fallback, QString *error)> bind;
        std::function<void()> release;
    };

    VrrpInstance(VrrpConfig config, VipHooks hooks, const http::PeerFilter *filter,
                 QObject *parent = nullptr);
    ~VrrpInstance() override;

    // Binds the advertisement socket and enters the configured state (a MASTER binds the VIP,
    // taking another port if another program holds the planned one).
    bool start(QString *error);
    // On SIGTERM: a MASTER releases the VIP and advertises priority 0, so a BACKUP takes over
    // after its skew time instead of three intervals.
    void shutdown();
    void setPeers(const QList<VrrpPeer> &peers);
    // Where the VIP is bound (the orchestrator learns it from the holder's ready line): the
    // port this instance binds if it takes over, whatever adverts it heard. The holder ignores it.
    void setVipPorts(quint16 port, quint16 httpsPort);

    State state() const { return m_state; }
    static QString stateName(State s);
    quint16 port() const;
    quint16 vipPort() const { return m_config.vipPort; }
    quint16 vipHttpsPort() const { return m_config.vipHttpsPort; }

private:
    void onDatagrams();
    void handle(const VrrpAdvert &a, const QHostAddress &from, quint16 fromPort);
    void onAdvertTimer();
    void onMissTick();
    void becomeMaster(const QString &reason, bool fallback = false, QString *error = nullptr);
    void becomeBackup(const QString &reason);
    void setState(State s, const QString &reason);
    void send(int type, quint8 priority);
    bool tryBind(bool fallback, QString *error = nullptr);
    void release();
    void heard(const VrrpAdvert &a); // an advert that keeps this BACKUP waiting
    void learnPeer(const QString &node, const QHostAddress &address, quint16 port);

    VrrpConfig m_config;
    VipHooks m_hooks;
    const http::PeerFilter *m_filter;
    QUdpSocket *m_socket;
    QTimer m_advertTimer; // MASTER: the next advertisement
    QTimer m_downTimer;   // BACKUP: Master_Down_Timer
    QTimer m_missTimer;   // BACKUP: one vrrp.advert_missed per interval without an advert
    QTimer m_bindTimer;   // MASTER without the VIP: the next bind attempt
    State m_state = State::Init;
    bool m_holding = false;
    bool m_busyReported = false;
    int m_missed = 0;
    qint64 m_lastHeardNs = 0;
    qint64 m_lastSentNs = 0;
    qint64 m_masterSinceNs = 0;
    QString m_master;    // the node last heard advertising as MASTER
    int m_masterAdverMs; // the interval it advertises (RFC 5798 Master_Adver_Interval)
    int skewMs() const { return m_config.skewMs(m_masterAdverMs); }
    int masterDownMs() const { return m_config.masterDownMs(m_masterAdverMs); }
};

} // namespace infrastage::roles::lb
