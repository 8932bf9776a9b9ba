#include "binlogentry.h"

#include "cborscanner.h"
#include "cborwriter.h"

namespace infrastage::db {

QByteArray BinlogEntry::toFrame(bool ack) const {
    QByteArray frame;
    frame.reserve(64 + body.size());
    CborWriter w(&frame);
    w.beginFrame();
    w.startMap(ack ? 6 : 5);
    w.key(QLatin1StringView("op"));
    w.key(QLatin1StringView("binlog"));
    w.key(QLatin1StringView("seq"));
    w.integer(seq);
    w.key(QLatin1StringView("origin"));
    w.integer(origin);
    w.key(QLatin1StringView("ts"));
    w.integer(tsNs);
    w.key(QLatin1StringView("body"));
    w.bytes(body);
    if (ack) {
        w.key(QLatin1StringView("ack"));
        w.boolean(true);
    }
    w.endFrame();
    return frame;
}

bool BinlogEntry::fromFrame(const QByteArray &payload, BinlogEntry *entry, bool *ack) {
    CborScanner s(payload);
    qint64 left = 0;
    if (!s.readMapHead(&left))
        return false;
    BinlogEntry e;
    QString op;
    bool hasBody = false;
    *ack = false;
    QByteArrayView key;
    QList<QByteArrayView> seen; // a key twice: Qt's map reads the first, this reader leaves it
    while (s.nextNewKey(&left, &key, &seen)) {
        if (key == "op") {
            s.readText(&op);
        } else if (key == "seq") {
            s.readInteger(&e.seq);
        } else if (key == "origin") {
            s.readInteger(&e.origin);
        } else if (key == "ts") {
            s.readInteger(&e.tsNs);
        } else if (key == "ack") {
            s.readBool(ack);
        } else if (key == "body") {
            CborScanner::Head h;
            if (s.next(&h) && h.major == 2) {
                e.body = s.take(h.value).toByteArray();
                hasBody = true;
            } else {
                return false;
            }
        } else {
            s.skipItem();
        }
        if (!s.ok())
            return false;
    }
    if (!s.ok() || !s.atEnd() || op != QLatin1String("binlog") || !hasBody)
        return false;
    *entry = std::move(e);
    return true;
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
