#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCborArray>
#include <QCborMap>
#include <QString>

namespace infrastage::db {

// Frames of the database protocol: a 4-byte big-endian payload length, then the payload, one
// CBOR map (docs/protocols.md). Binary so parameters and results carry blobs and 64-bit
// integers exactly.
constexpr qsizetype kDefaultMaxFrame = 16 * 1024 * 1024;

QByteArray encodeFrame(const QCborMap &message);

// The frame of a request {"op":"query","id","sql","params"[,"trace"]}, appended to *out with
// no map built: what a client sends for each statement.
void appendQueryFrame(QByteArray *out, qint64 id, const QString &sql, const QCborArray &params,
                      const QString &trace);

// Parses a payload into a map; false (with a reason) unless it is exactly one CBOR map.
bool decodeMessage(const QByteArray &payload, QCborMap *message, QString *error);

// Splits a byte stream into frame payloads.
class FrameReader final {
public:
    enum class Status {
        Frame,    // *payload holds the next payload
        NeedMore, // wait for more bytes
        TooLarge, // the announced length exceeds the limit: the stream cannot be trusted further
    };

    explicit FrameReader(qsizetype maxFrame = kDefaultMaxFrame)
        : m_maxFrame(maxFrame) {}

    void append(QByteArrayView bytes) { m_buffer.append(bytes); }
    Status next(QByteArray *payload);
    qsizetype buffered() const { return m_buffer.size() - m_offset; }
    qsizetype announcedSize() const { return m_announced; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    qsizetype m_maxFrame;
    qsizetype m_announced = 0;
};

} // namespace infrastage::db
