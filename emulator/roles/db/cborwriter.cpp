#include "cborwriter.h"

#include <QCborArray>
#include <QtEndian>

#include <cstring>

namespace infrastage::db {

void CborWriter::beginFrame() {
    m_frameStart = m_out->size();
    m_out->append(4, '\0');
}

void CborWriter::endFrame() {
    qToBigEndian<quint32>(quint32(m_out->size() - m_frameStart - 4), m_out->data() + m_frameStart);
    m_frameStart = -1;
}

void CborWriter::head(quint8 major, quint64 value) {
    const char m = char(major << 5);
    if (value < 24) {
        m_out->append(char(m | char(value)));
    } else if (value <= 0xff) {
        const char b[2] = {char(m | 24), char(value)};
        m_out->append(b, 2);
    } else if (value <= 0xffff) {
        char b[3] = {char(m | 25)};
        qToBigEndian<quint16>(quint16(value), b + 1);
        m_out->append(b, 3);
    } else if (value <= 0xffffffffULL) {
        char b[5] = {char(m | 26)};
        qToBigEndian<quint32>(quint32(value), b + 1);
        m_out->append(b, 5);
    } else {
        char b[9] = {char(m | 27)};
        qToBigEndian<quint64>(value, b + 1);
        m_out->append(b, 9);
    }
}

void CborWriter::key(QLatin1StringView ascii) {
    head(3, quint64(ascii.size()));
    m_out->append(ascii.data(), ascii.size());
}

void CborWriter::text(QStringView s) {
    bool ascii = true;
    for (QChar c : s) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) { // the common case, converted in place
        head(3, quint64(s.size()));
        const qsizetype at = m_out->size();
        m_out->resize(at + s.size());
        char *p = m_out->data() + at;
        for (QChar c : s)
            *p++ = char(c.unicode());
        return;
    }
    const QByteArray utf8 = s.toUtf8();
    head(3, quint64(utf8.size()));
    m_out->append(utf8);
}

void CborWriter::bytes(QByteArrayView b) {
    head(2, quint64(b.size()));
    m_out->append(b.data(), b.size());
}

void CborWriter::integer(qint64 v) {
    if (v >= 0)
        head(0, quint64(v));
    else
        head(1, quint64(-1 - v));
}

void CborWriter::real(double d) {
    char b[9] = {char(0xfb)};
    quint64 bits;
    std::memcpy(&bits, &d, sizeof bits);
    qToBigEndian<quint64>(bits, b + 1);
    m_out->append(b, 9);
}

void CborWriter::value(const QCborValue &v) {
    switch (v.type()) {
    case QCborValue::Integer:
        integer(v.toInteger());
        return;
    case QCborValue::Double:
        real(v.toDouble());
        return;
    case QCborValue::String:
        text(v.toString());
        return;
    case QCborValue::ByteArray:
        bytes(v.toByteArray());
        return;
    case QCborValue::False:
    case QCborValue::True:
        boolean(v.isTrue());
        return;
    case QCborValue::Null:
        null();
        return;
    case QCborValue::Array: {
        const QCborArray a = v.toArray();
        startArray(quint64(a.size()));
        for (const QCborValue &item : a)
            value(item);
        return;
    }
    default:
        m_out->append(v.toCbor());
        return;
    }
}

} // namespace infrastage::db
