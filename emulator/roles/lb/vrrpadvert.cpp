#include "vrrpadvert.h"

#include <QtEndian>

namespace infrastage::roles::lb {

namespace {

constexpr int kHeaderBytes = 12;   // VRRPv3 header with one IPv4 address
constexpr int kExtensionBytes = 5; // vip port, https port, node id length
constexpr quint8 kVersion = 3;

// The Internet checksum (RFC 1071) over the datagram, its checksum field counted as zero.
quint16 checksum(const QByteArray &d) {
    quint32 sum = 0;
    for (int i = 0; i + 1 < d.size(); i += 2) {
        if (i == 6)
            continue;
        sum += (quint32(quint8(d[i])) << 8) | quint8(d[i + 1]);
    }
    if (d.size() % 2)
        sum += quint32(quint8(d[d.size() - 1])) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return quint16(~sum);
}

} // namespace

QByteArray VrrpAdvert::encode() const {
    const QByteArray id = node.toUtf8().left(255);
    QByteArray d(kHeaderBytes + kExtensionBytes, '\0');
    auto *p = reinterpret_cast<uchar *>(d.data());
    p[0] = uchar((kVersion << 4) | type);
    p[1] = vrid;
    p[2] = priority;
    p[3] = 1; // count of IPv4 addresses
    qToBigEndian(quint16(qBound(1, intervalMs / 10, 4095)), p + 4);
    qToBigEndian(vip.toIPv4Address(), p + 8);
    qToBigEndian(vipPort, p + 12);
    qToBigEndian(vipHttpsPort, p + 14);
    p[16] = uchar(id.size());
    d += id;
    qToBigEndian(checksum(d), reinterpret_cast<uchar *>(d.data()) + 6);
    return d;
}

bool VrrpAdvert::decode(const QByteArray &d, VrrpAdvert *out, QString *why) {
    if (d.size() < kHeaderBytes + kExtensionBytes) {
        *why = QStringLiteral("%1 bytes, too short").arg(d.size());
        return false;
    }
    const auto *p = reinterpret_cast<const uchar *>(d.constData());
    const int idLength = p[16];
    if (d.size() != kHeaderBytes + kExtensionBytes + idLength) {
        *why = QStringLiteral("%1 bytes, expected %2")
                   .arg(d.size())
                   .arg(kHeaderBytes + kExtensionBytes + idLength);
        return false;
    }
    if ((p[0] >> 4) != kVersion || ((p[0] & 0x0f) != Advertisement && (p[0] & 0x0f) != Released)) {
        *why = QStringLiteral("version %1 type %2").arg(p[0] >> 4).arg(p[0] & 0x0f);
        return false;
    }
    if (p[3] != 1) {
        *why = QStringLiteral("%1 addresses, expected one").arg(p[3]);
        return false;
    }
    if (qFromBigEndian<quint16>(p + 6) != checksum(d)) {
        *why = QStringLiteral("bad checksum");
        return false;
    }
    out->type = Type(p[0] & 0x0f);
    out->vrid = p[1];
    out->priority = p[2];
    out->intervalMs = (qFromBigEndian<quint16>(p + 4) & 0x0fff) * 10;
    out->vip = QHostAddress(qFromBigEndian<quint32>(p + 8));
    out->vipPort = qFromBigEndian<quint16>(p + 12);
    out->vipHttpsPort = qFromBigEndian<quint16>(p + 14);
    out->node = QString::fromUtf8(d.mid(kHeaderBytes + kExtensionBytes));
    return true;
}

} // namespace infrastage::roles::lb
