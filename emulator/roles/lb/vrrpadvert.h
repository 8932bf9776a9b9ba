#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace infrastage::roles::lb {

// One VRRP datagram between load balancers of a pair. The first 12 bytes are a VRRPv3
// advertisement (RFC 5798 section 5: version 3, type, VRID, priority, one IPv4 address, the
// interval in centiseconds, a checksum); it travels in UDP over loopback instead of IP protocol
// 112. Infrastage appends the VIP's ports and the sender's node id, and adds one type: RELEASED,
// "I have closed my VIP socket", which lets the next holder bind at once (docs/runtime.md).
struct VrrpAdvert {
    enum Type : quint8 {
        Advertisement = 1, // RFC 5798's only type
        Released = 2,      // Infrastage: the sender no longer holds the VIP socket
    };
    Type type = Advertisement;
    quint8 vrid = 1;
    quint8 priority = 100; // 0: the MASTER resigns (it is stopping)
    int intervalMs = 1000;
    QHostAddress vip;
    quint16 vipPort = 0;
    quint16 vipHttpsPort = 0;
    QString node;

    QByteArray encode() const;
    // False (with the reason) for anything that is not a well-formed datagram of this format.
    static bool decode(const QByteArray &datagram, VrrpAdvert *out, QString *why);
};

} // namespace infrastage::roles::lb
