#include "divergencereport.h"

#include "dbstore.h"

#include <QJsonArray>

namespace infrastage::db::DivergenceReport {

namespace {
constexpr int kListed = 50; // transactions listed per side; the counts are always complete
}

QJsonObject build(DbStore *store, const QCborArray &primaryHistory, const QString &primaryId) {
    qint64 common = 0;
    bool started = false;
    for (const QCborValue &v : primaryHistory) {
        const qint64 seq = v.toArray().at(0).toInteger();
        const qint64 origin = v.toArray().at(1).toInteger();
        if (store->originAt(seq) != origin) {
            if (!started)
                common = seq - 1; // the window starts after the split: best estimate
            break;
        }
        started = true;
        common = seq;
    }
    QJsonArray mine;
    qint64 mineCount = 0;
    for (const BinlogEntry &e : store->readBinlog(common, 100000)) {
        if (mineCount++ < kListed)
            mine.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                    {QStringLiteral("origin"), e.origin},
                                    {QStringLiteral("changes"),
                                     QJsonArray::fromStringList(DbStore::summarize(e.body))}});
    }
    QJsonArray theirs;
    qint64 theirsCount = 0;
    for (const QCborValue &v : primaryHistory) {
        const qint64 seq = v.toArray().at(0).toInteger();
        if (seq <= common)
            continue;
        if (theirsCount++ < kListed)
            theirs.append(QJsonObject{{QStringLiteral("seq"), seq},
                                      {QStringLiteral("origin"), v.toArray().at(1).toInteger()}});
    }
    return QJsonObject{
        {QStringLiteral("primary"), primaryId},
        {QStringLiteral("common_seq"), common},
        {QStringLiteral("local_only"), mine},
        {QStringLiteral("local_only_count"), mineCount},
        {QStringLiteral("primary_only"), theirs},
        {QStringLiteral("primary_only_count"), theirsCount},
        {QStringLiteral("explanation"),
         QStringLiteral("Both servers accepted writes after transaction %1: %2 transaction(s) "
                        "exist only here and %3 only on %4. Nothing was merged; replication "
                        "stopped. Decide which copy wins, then rebuild the other from it.")
             .arg(common)
             .arg(mineCount)
             .arg(theirsCount)
             .arg(primaryId)}};
}

} // namespace infrastage::db::DivergenceReport
