#include "dbrequest.h"

#include "cborscanner.h"
#include "dbframe.h"

#include <QCborValue>

namespace infrastage::db {

bool DbRequest::parse(const QByteArray &payload, DbRequest *out, QString *why) {
    *out = DbRequest();
    if (out->scan(payload))
        return true;
    *out = DbRequest();
    if (!decodeMessage(payload, &out->m_map, why))
        return false;
    out->m_id = out->m_map.value(QLatin1String("id")).toInteger(0);
    out->m_op = out->m_map.value(QLatin1String("op")).toString();
    return true;
}

bool DbRequest::scan(const QByteArray &payload) {
    CborScanner s(payload);
    qint64 left = 0;
    if (!s.readMapHead(&left))
        return false;
    QByteArrayView key;
    bool hasSql = false;
    QList<QByteArrayView> seen; // a key twice: Qt's map reads the first, this reader leaves it
    while (s.nextNewKey(&left, &key, &seen)) {
        if (key == "op") {
            s.readText(&m_op);
        } else if (key == "id") {
            s.readInteger(&m_id);
        } else if (key == "sql") {
            hasSql = s.readText(&m_sql);
        } else if (key == "params") {
            QCborValue v;
            if (s.readValue(&v) && !v.isNull() && !v.isUndefined()) {
                if (!v.isArray())
                    return false; // the handler's check answers it
                m_params = v.toArray();
            }
        } else if (key == "trace") {
            s.readText(&m_trace);
        } else if (key == "seq") {
            s.readInteger(&m_seq);
        } else if (key == "lag_ns") {
            s.readInteger(&m_lagNs);
        } else {
            s.skipItem();
        }
        if (!s.ok())
            return false;
    }
    if (!s.ok() || !s.atEnd())
        return false;
    if (m_op == QLatin1String("query") ? !hasSql : m_op != QLatin1String("ack"))
        return false; // a map is what its handler reads
    m_scanned = true;
    m_payload = payload;
    return true;
}

QCborMap DbRequest::map() const {
    if (!m_scanned)
        return m_map;
    return QCborValue::fromCbor(m_payload).toMap();
}

} // namespace infrastage::db
