#include "binlogentry.h"

namespace infrastage::db {

QCborMap BinlogEntry::toMessage() const {
    return QCborMap{{QStringLiteral("op"), QStringLiteral("binlog")},
                    {QStringLiteral("seq"), seq},
                    {QStringLiteral("origin"), origin},
                    {QStringLiteral("ts"), tsNs},
                    {QStringLiteral("body"), body}};
}

BinlogEntry BinlogEntry::fromMessage(const QCborMap &m) {
    BinlogEntry e;
    e.seq = m.value(QLatin1String("seq")).toInteger(0);
    e.origin = m.value(QLatin1String("origin")).toInteger(0);
    e.tsNs = m.value(QLatin1String("ts")).toInteger(0);
    e.body = m.value(QLatin1String("body")).toByteArray();
    return e;
}

} // namespace infrastage::db
