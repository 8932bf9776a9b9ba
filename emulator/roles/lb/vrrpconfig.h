#pragma once

#include "listenspec.h"

#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace infrastage::roles::lb {

// Another member of the group, where its advertisements are sent.
struct VrrpPeer {
    QString node;
    QHostAddress address;
    quint16 port = 0;
};

// The "vrrp" object of a load balancer's config: this member of a group sharing a virtual IP
// (docs/runtime.md "Load balancer pair sharing a VIP").
struct VrrpConfig {
    QHostAddress vip;           // the loopback address standing for the VIP
    QString designVip;          // the VIP as the diagram says (8.8.8.8)
    quint16 vipPort = 0;        // the frontend's port on the VIP
    quint16 vipHttpsPort = 0;   // its HTTPS port on the VIP, 0 for none
    int advertIntMs = 1000;     // advert_int
    int priority = 100;         // 1..254, higher is MASTER
    bool preempt = true;        // a higher-priority BACKUP takes the VIP back
    bool initialMaster = false; // starts as MASTER (keepalived "state MASTER"), else BACKUP
    quint8 vrid = 1;            // virtual router id, the same for every member
    http::ListenSpec listen;    // the UDP socket of the advertisements (own address)
    QList<VrrpPeer> peers;

    // RFC 5798: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, and a BACKUP
    // declares the MASTER down after Master_Down_Interval = 3 * interval + Skew_Time, with the
    // interval the MASTER advertises (its own advert_int until it has heard one).
    int skewMs(int masterAdverMs) const { return (256 - priority) * masterAdverMs / 256; }
    int masterDownMs(int masterAdverMs) const { return 3 * masterAdverMs + skewMs(masterAdverMs); }

    static bool fromJson(const QJsonValue &value, VrrpConfig *out, QString *error);
    static bool peersFromJson(const QJsonValue &value, QList<VrrpPeer> *out, QString *error);
};

} // namespace infrastage::roles::lb
