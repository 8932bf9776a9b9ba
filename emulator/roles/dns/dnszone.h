#pragma once

#include "dnsmessage.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace infrastage::dns {

// The records one DNS server serves, and the lookup rules: CNAME chains followed inside the
// served zones, NXDOMAIN for names that do not exist there, REFUSED for names outside them.
class DnsZone final {
public:
    struct Answer {
        int rcode = RcodeNoError;
        QList<ResourceRecord> answers;
        QList<ResourceRecord> authority; // the zone's SOA for negative answers
    };

    // Loads records from the node configuration: [{"name","type","ttl","value"}]. A record that
    // cannot be served (bad address, unknown type) is an error naming the record.
    bool load(const QJsonArray &records, qint64 defaultTtl, QString *error);

    // Zones are the parents of the record names (www.foobar.com -> foobar.com) unless given.
    void setZones(const QStringList &zones);
    QStringList zones() const { return m_zones; }
    int recordCount() const { return int(m_records.size()); }

    Answer resolve(const QByteArray &name, quint16 type) const;

private:
    struct Record {
        QByteArray name; // lower case, no trailing dot
        quint16 type;
        quint32 ttl;
        QByteArray data;
    };

    QString zoneOf(const QByteArray &name) const;
    bool exists(const QByteArray &name) const;
    ResourceRecord soa(const QString &zone) const;

    QList<Record> m_records;
    QStringList m_zones;
    quint32 m_negativeTtl = 300;
};

} // namespace infrastage::dns
