#include "dnszone.h"

#include <QHostAddress>
#include <QJsonObject>

#include <algorithm>

namespace infrastage::dns {

namespace {

QByteArray normalise(const QByteArray &name) {
    QByteArray n = name.toLower();
    while (n.endsWith('.'))
        n.chop(1);
    return n;
}

bool isSubdomain(const QByteArray &name, const QByteArray &zone) {
    return name == zone || name.endsWith('.' + zone);
}

constexpr int kMaxChain = 8;

} // namespace

bool DnsZone::load(const QJsonArray &records, qint64 defaultTtl, QString *error) {
    m_records.clear();
    m_negativeTtl = quint32(std::clamp<qint64>(defaultTtl, 0, 86400));
    QStringList zones;
    for (int i = 0; i < records.size(); ++i) {
        const QJsonObject o = records.at(i).toObject();
        const QString where = QStringLiteral("records[%1]").arg(i);
        Record r;
        r.name = normalise(o.value(QLatin1String("name")).toString().toLatin1());
        const QString type = o.value(QLatin1String("type")).toString(QStringLiteral("A"));
        r.type = typeFromName(type);
        const qint64 ttl = o.value(QLatin1String("ttl")).toInteger(defaultTtl);
        r.ttl = quint32(std::clamp<qint64>(ttl, 0, 2147483647));
        const QString value = o.value(QLatin1String("value")).toString();
        if (r.name.isEmpty() || r.name.size() > 253) {
            *error = QStringLiteral("%1: bad name").arg(where);
            return false;
        }
        if (r.type == TypeA || r.type == TypeAAAA) {
            QHostAddress a;
            const bool v4 = r.type == TypeA;
            if (!a.setAddress(value) || (v4 != (a.protocol() == QAbstractSocket::IPv4Protocol))) {
                *error = QStringLiteral("%1: %2 value '%3' is not an %4 address")
                             .arg(where, type, value, v4 ? "IPv4" : "IPv6");
                return false;
            }
            if (v4) {
                const quint32 ip = a.toIPv4Address();
                r.data = QByteArray(4, 0);
                for (int b = 0; b < 4; ++b)
                    r.data[b] = char((ip >> (24 - 8 * b)) & 0xFF);
            } else {
                const Q_IPV6ADDR ip = a.toIPv6Address();
                r.data = QByteArray(reinterpret_cast<const char *>(ip.c), 16);
            }
        } else if (r.type == TypeCNAME) {
            r.data = normalise(value.toLatin1());
            if (r.data.isEmpty()) {
                *error = QStringLiteral("%1: CNAME without a target").arg(where);
                return false;
            }
        } else {
            *error =
                QStringLiteral("%1: type '%2' is not served (A, AAAA, CNAME)").arg(where, type);
            return false;
        }
        m_records.append(r);
        const QList<QByteArray> labels = r.name.split('.');
        const QString zone = QString::fromLatin1(
            labels.size() <= 2 ? r.name : labels.mid(labels.size() - 2).join('.'));
        if (!zones.contains(zone))
            zones.append(zone);
    }
    if (m_zones.isEmpty())
        m_zones = zones;
    return true;
}

void DnsZone::setZones(const QStringList &zones) {
    m_zones.clear();
    for (const QString &z : zones)
        m_zones.append(QString::fromLatin1(normalise(z.toLatin1())));
}

QString DnsZone::zoneOf(const QByteArray &name) const {
    QString best;
    for (const QString &z : m_zones) {
        if (isSubdomain(name, z.toLatin1()) && z.size() > best.size())
            best = z;
    }
    return best;
}

bool DnsZone::exists(const QByteArray &name) const {
    // A name exists if it owns records or has descendants that do (an empty non-terminal).
    for (const Record &r : m_records) {
        if (isSubdomain(r.name, name))
            return true;
    }
    return m_zones.contains(QString::fromLatin1(name));
}

ResourceRecord DnsZone::soa(const QString &zone) const {
    ResourceRecord rr;
    rr.name = zone.toLatin1();
    rr.type = TypeSOA;
    rr.ttl = m_negativeTtl;
    rr.data = "ns." + zone.toLatin1();
    rr.mailbox = "hostmaster." + zone.toLatin1();
    rr.minimum = m_negativeTtl;
    return rr;
}

DnsZone::Answer DnsZone::resolve(const QByteArray &queried, quint16 type) const {
    Answer a;
    QByteArray name = normalise(queried);
    QString zone = zoneOf(name);
    if (zone.isEmpty()) {
        a.rcode = RcodeRefused; // not authoritative, and this server does not recurse
        return a;
    }
    // The owner name of the first answer keeps the case the client asked with.
    QByteArray owner = queried;
    while (owner.endsWith('.'))
        owner.chop(1);
    for (int hop = 0; hop < kMaxChain; ++hop) {
        QList<const Record *> own;
        const Record *cname = nullptr;
        for (const Record &r : m_records) {
            if (r.name != name)
                continue;
            own.append(&r);
            if (r.type == TypeCNAME)
                cname = &r;
        }
        if (cname && type != TypeCNAME && type != TypeANY) {
            a.answers.append({owner, TypeCNAME, cname->ttl, cname->data, {}, 0});
            name = cname->data;
            owner = name;
            zone = zoneOf(name);
            if (zone.isEmpty())
                return a; // the target lies outside our zones: the resolver goes on from here
            continue;
        }
        for (const Record *r : own) {
            if (type == TypeANY || r->type == type)
                a.answers.append({owner, r->type, r->ttl, r->data, {}, 0});
        }
        if (type == TypeSOA && name == zone.toLatin1())
            a.answers.append(soa(zone));
        if (a.answers.isEmpty() || (hop > 0 && own.isEmpty())) {
            if (!exists(name))
                a.rcode = RcodeNxDomain;
            a.authority.append(soa(zone));
        }
        return a;
    }
    a.rcode = RcodeServFail; // a CNAME loop
    return a;
}

} // namespace infrastage::dns
