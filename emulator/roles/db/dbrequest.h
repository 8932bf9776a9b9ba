#pragma once

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QString>

namespace infrastage::db {

// One request as the server received it. The requests of the write path, op "query" and
// op "ack", are read straight from the frame's bytes (CborScanner) into the fields below; any
// other op, or a frame the scanner does not take, is decoded into a QCborMap as before.
// map() is the whole request either way.
class DbRequest final {
public:
    // Reads one frame's payload; false (with why) if it is not exactly one CBOR map.
    static bool parse(const QByteArray &payload, DbRequest *out, QString *why);

    qint64 id() const { return m_id; }
    const QString &op() const { return m_op; }
    // Whether the fields below were read from the frame (op "query" or "ack", every field of
    // the expected type); otherwise use map().
    bool isScanned() const { return m_scanned; }
    const QString &sql() const { return m_sql; }
    const QCborArray &params() const { return m_params; }
    const QString &trace() const { return m_trace; }
    qint64 seq() const { return m_seq; }
    qint64 lagNs() const { return m_lagNs; }

    QCborMap map() const;

private:
    bool scan(const QByteArray &payload);

    qint64 m_id = 0;
    QString m_op;
    bool m_scanned = false;
    QString m_sql;
    QCborArray m_params;
    QString m_trace;
    qint64 m_seq = 0;
    qint64 m_lagNs = 0;
    QCborMap m_map;       // when not scanned
    QByteArray m_payload; // when scanned: map() decodes it
};

} // namespace infrastage::db
