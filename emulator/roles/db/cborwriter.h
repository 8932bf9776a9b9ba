#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCborValue>
#include <QLatin1StringView>
#include <QStringView>

namespace infrastage::db {

// Writes CBOR (RFC 8949) straight into a byte array: the frames of the write path (a query,
// its answer, a replication frame, an acknowledgement) without QCborMap, QCborStreamWriter or
// a QBuffer in between. Qt's writer through a QIODevice cost about 12,000 instructions for a
// 100-byte answer; this costs a few hundred. The bytes are what QCborValue::toCbor() writes for
// the same values (shortest heads, doubles as 64-bit floats), so either side may be Qt's.
class CborWriter final {
public:
    explicit CborWriter(QByteArray *out)
        : m_out(out) {}

    // A frame of the protocol: the 4-byte big-endian length is filled in by endFrame().
    void beginFrame();
    void endFrame();

    void startMap(quint64 pairs) { head(5, pairs); }
    void startArray(quint64 items) { head(4, items); }
    void key(QLatin1StringView ascii); // a text string known to be ASCII (map keys)
    void text(QStringView s);
    void bytes(QByteArrayView b);
    void integer(qint64 v);
    void boolean(bool b) { m_out->append(char(b ? 0xf5 : 0xf4)); }
    void null() { m_out->append(char(0xf6)); }
    void real(double d);
    // Any value: the kinds a statement's parameters and results hold are written here, the
    // rest by Qt.
    void value(const QCborValue &v);

private:
    void head(quint8 major, quint64 value);

    QByteArray *m_out;
    qsizetype m_frameStart = -1;
};

} // namespace infrastage::db
