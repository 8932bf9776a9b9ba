#include "binlogentry.h"

#include <QBuffer>
#include <QCborStreamWriter>
#include <QtEndian>

namespace infrastage::db {

QByteArray BinlogEntry::toFrame(bool ack) const {
    QByteArray frame(4, Qt::Uninitialized); // the length, filled in below
    frame.reserve(64 + body.size());
    {
        QBuffer out(&frame); // appending: QCborStreamWriter(QByteArray *) writes from byte 0
        out.open(QIODevice::WriteOnly | QIODevice::Append);
        QCborStreamWriter w(&out);
        w.startMap(ack ? 6 : 5);
        w.append(QLatin1String("op"));
        w.append(QLatin1String("binlog"));
        w.append(QLatin1String("seq"));
        w.append(seq);
        w.append(QLatin1String("origin"));
        w.append(origin);
        w.append(QLatin1String("ts"));
        w.append(tsNs);
        w.append(QLatin1String("body"));
        w.append(body);
        if (ack) {
            w.append(QLatin1String("ack"));
            w.append(true);
        }
        w.endMap();
    }
    qToBigEndian<quint32>(quint32(frame.size() - 4), frame.data());
    return frame;
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
