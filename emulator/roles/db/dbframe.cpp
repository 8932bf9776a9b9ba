#include "dbframe.h"

#include "cborwriter.h"

#include <QCborValue>
#include <QtEndian>

namespace infrastage::db {

QByteArray encodeFrame(const QCborMap &message) {
    const QByteArray payload = QCborValue(message).toCbor();
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(payload.size()), frame.data());
    frame.append(payload);
    return frame;
}

void appendQueryFrame(QByteArray *out, qint64 id, const QString &sql, const QCborArray &params,
                      const QString &trace) {
    CborWriter w(out);
    w.beginFrame();
    w.startMap(trace.isEmpty() ? 4 : 5);
    w.key(QLatin1StringView("op"));
    w.key(QLatin1StringView("query"));
    w.key(QLatin1StringView("id"));
    w.integer(id);
    w.key(QLatin1StringView("sql"));
    w.text(sql);
    w.key(QLatin1StringView("params"));
    w.startArray(quint64(params.size()));
    for (const QCborValue &v : params)
        w.value(v);
    if (!trace.isEmpty()) {
        w.key(QLatin1StringView("trace"));
        w.text(trace);
    }
    w.endFrame();
}

bool decodeMessage(const QByteArray &payload, QCborMap *message, QString *error) {
    QCborParserError perr;
    const QCborValue v = QCborValue::fromCbor(payload, &perr);
    if (perr.error != QCborError::NoError) {
        *error = QStringLiteral("payload is not CBOR: %1 at byte %2")
                     .arg(perr.errorString())
                     .arg(perr.offset);
        return false;
    }
    if (perr.offset != payload.size()) {
        *error = QStringLiteral("%1 trailing bytes after the CBOR map")
                     .arg(payload.size() - perr.offset);
        return false;
    }
    if (!v.isMap()) {
        *error = QStringLiteral("payload is not a CBOR map");
        return false;
    }
    *message = v.toMap();
    return true;
}

FrameReader::Status FrameReader::next(QByteArray *payload) {
    if (m_buffer.size() - m_offset < 4)
        return Status::NeedMore;
    const quint32 len = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
    m_announced = qsizetype(len);
    if (qsizetype(len) > m_maxFrame)
        return Status::TooLarge;
    if (m_buffer.size() - m_offset - 4 < qsizetype(len))
        return Status::NeedMore;
    *payload = m_buffer.mid(m_offset + 4, len);
    m_offset += 4 + qsizetype(len);
    // Compact now and then rather than after every frame: cheap for pipelined small frames.
    if (m_offset > 64 * 1024 || m_offset == m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    return Status::Frame;
}

} // namespace infrastage::db
