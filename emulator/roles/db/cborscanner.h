#pragma once

#include <QByteArrayView>
#include <QCborValue>
#include <QList>
#include <QString>

namespace infrastage::db {

// Reads CBOR (RFC 8949) item by item from bytes, without building a QCborMap: the frames of
// the write path (a query, its answer, a replication frame, an acknowledgement) are read
// straight into what their receiver needs. Qt's QCborValue::fromCbor cost about 11,000
// instructions for a 70-byte request. It reads definite-length strings and every other item
// kind; whatever it does not take (an indefinite-length string, a tag inside a value) makes
// it fail, and the caller then decodes the frame with Qt as before, so nothing valid is
// refused and every error is Qt's.
class CborScanner final {
public:
    explicit CborScanner(QByteArrayView data)
        : m_p(reinterpret_cast<const uchar *>(data.data()))
        , m_begin(m_p)
        , m_end(m_p + data.size()) {}

    struct Head {
        quint8 major = 0;        // 0..7
        quint8 info = 0;         // the low five bits of the first byte
        quint64 value = 0;       // the argument (length, count or integer)
        bool indefinite = false; // an array or map of indefinite length (ends with a break)
    };

    bool atEnd() const { return m_p >= m_end; }
    bool ok() const { return m_ok; }
    qsizetype offset() const { return qsizetype(m_p - m_begin); }

    // The head of the next item; false (and !ok()) if it is malformed or cut.
    bool next(Head *h);
    // A break (0xff) ends the indefinite container being read: consumes it and says so.
    bool atBreak();
    // Contents of a text or byte string whose head was just read.
    QByteArrayView take(quint64 n);
    // Skips the contents of the item whose head was just read (nested items included).
    bool skip(const Head &h);

    // The next item, if it is of that kind.
    bool readInteger(qint64 *v);
    bool readText(QString *s);
    bool readBool(bool *b);
    // The next item as a value: integers, floats, strings, booleans, null, and arrays of them.
    bool readValue(QCborValue *v);

    // A map's head: its pair count, or -1 for one of indefinite length.
    bool readMapHead(qint64 *pairs);
    // While reading the map of readMapHead(): the next key (a text string), or false when
    // the map is done (`left` counts the pairs still to come of a definite one).
    bool nextKey(qint64 *left, QByteArrayView *key);
    // nextKey(), failing on a key the map already had (`seen` collects them): Qt's map reader
    // takes the first of two, so such a frame goes to Qt instead of being read here.
    bool nextNewKey(qint64 *left, QByteArrayView *key, QList<QByteArrayView> *seen);
    // Skips the next item whole (a field the reader does not use).
    bool skipItem();

private:
    bool readValueAt(QCborValue *v, int depth);
    bool fail() {
        m_ok = false;
        return false;
    }

    const uchar *m_p;
    const uchar *m_begin;
    const uchar *m_end;
    bool m_ok = true;
};

} // namespace infrastage::db
