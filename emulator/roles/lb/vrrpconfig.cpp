#include "vrrpconfig.h"

#include <QJsonArray>
#include <QJsonObject>

namespace infrastage::roles::lb {

namespace {

bool fail(QString *error, const QString &why) {
    *error = QStringLiteral("vrrp: %1").arg(why);
    return false;
}

bool loopback(const QString &text, QHostAddress *out) {
    bool ok = false;
    return out->setAddress(text) && (out->toIPv4Address(&ok) >> 24) == 127 && ok;
}

} // namespace

bool VrrpConfig::peersFromJson(const QJsonValue &value, QList<VrrpPeer> *out, QString *error) {
    if (!value.isArray())
        return fail(error, QStringLiteral("\"peers\" must be an array"));
    out->clear();
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        VrrpPeer p;
        p.node = o.value(QLatin1String("node")).toString();
        const int port = o.value(QLatin1String("port")).toInt(-1);
        if (!loopback(o.value(QLatin1String("address")).toString(), &p.address) || port <= 0 ||
            port > 65535)
            return fail(
                error, QStringLiteral("peer '%1' needs a loopback address and a port").arg(p.node));
        p.port = quint16(port);
        out->append(p);
    }
    return true;
}

bool VrrpConfig::fromJson(const QJsonValue &value, VrrpConfig *out, QString *error) {
    const QJsonObject o = value.toObject();
    if (!loopback(o.value(QLatin1String("vip")).toString(), &out->vip))
        return fail(error, QStringLiteral("\"vip\" must be an address inside 127.0.0.0/8"));
    out->designVip = o.value(QLatin1String("design_vip")).toString();
    const int port = o.value(QLatin1String("vip_port")).toInt(-1);
    const int https = o.value(QLatin1String("vip_https_port")).toInt(0);
    if (port <= 0 || port > 65535 || https < 0 || https > 65535)
        return fail(error, QStringLiteral("\"vip_port\" must be 1..65535"));
    out->vipPort = quint16(port);
    out->vipHttpsPort = quint16(https);
    // VRRPv3 carries the interval in centiseconds on 12 bits: 10 ms .. 40.95 s.
    out->advertIntMs = o.value(QLatin1String("advert_int")).toInt(1000);
    if (out->advertIntMs < 10 || out->advertIntMs > 40950)
        return fail(error, QStringLiteral("\"advert_int\" must be 10..40950 ms"));
    out->priority = o.value(QLatin1String("priority")).toInt(100);
    if (out->priority < 1 || out->priority > 254)
        return fail(error, QStringLiteral("\"priority\" must be 1..254"));
    out->preempt = o.value(QLatin1String("preempt")).toBool(true);
    out->initialMaster = o.value(QLatin1String("initial")).toString() == QLatin1String("MASTER");
    const int vrid = o.value(QLatin1String("vrid")).toInt(1);
    if (vrid < 1 || vrid > 255)
        return fail(error, QStringLiteral("\"vrid\" must be 1..255"));
    out->vrid = quint8(vrid);
    if (!http::ListenSpec::fromJson(o.value(QLatin1String("listen")), QStringLiteral("vrrp.listen"),
                                    &out->listen, error))
        return false;
    return peersFromJson(o.value(QLatin1String("peers")), &out->peers, error);
}

} // namespace infrastage::roles::lb
