#pragma once

#include <QByteArray>
#include <QCborMap>

namespace infrastage::db {

// One committed write transaction in the binary log. body is a CBOR array of items, in order:
// {"rows": <SQLite changeset>} or {"ddl": "<statement text>"} (schema changes are logged as
// statements, row changes as rows, as MySQL's row-based format does).
struct BinlogEntry {
    qint64 seq = 0;    // transaction id, +1 per transaction across the whole replication chain
    qint64 origin = 0; // server_id of the primary that accepted it (the GTID's source part)
    qint64 tsNs = 0;   // CLOCK_MONOTONIC commit time on the primary, for lag in ms
    QByteArray body;

    // The replication frame {"op":"binlog","seq","origin","ts","body"[,"ack":true]}, written
    // straight into its bytes. ack: the primary waits for acknowledgements (semi-sync), so the
    // replica acknowledges at once rather than now and then.
    QByteArray toFrame(bool ack) const;
    static BinlogEntry fromMessage(const QCborMap &m);
    // A binlog frame's payload read straight from its bytes, and its "ack"; false if it is
    // not one (or not one this reader takes: then decode it and use fromMessage()).
    static bool fromFrame(const QByteArray &payload, BinlogEntry *entry, bool *ack);
};

} // namespace infrastage::db
