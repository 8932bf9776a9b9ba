#include "cborscanner.h"

#include <QCborArray>
#include <QFloat16>
#include <QStringDecoder>
#include <QtEndian>

#include <cstring>
#include <limits>

namespace infrastage::db {

namespace {
constexpr int kMaxDepth = 32; // nesting deeper than this is left to Qt's decoder

// Qt's decoder refuses a text string that is not UTF-8, wherever it is: so does this reader.
bool validUtf8(QByteArrayView bytes) {
    for (char c : bytes) {
        if (uchar(c) >= 0x80) {
            QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            [[maybe_unused]] const QString s = decoder.decode(bytes);
            return !decoder.hasError();
        }
    }
    return true;
}
} // namespace

bool CborScanner::next(Head *h) {
    if (!m_ok || m_p >= m_end)
        return fail();
    const uchar b = *m_p++;
    h->major = quint8(b >> 5);
    h->info = quint8(b & 0x1f);
    h->indefinite = false;
    h->value = 0;
    if (h->info < 24) {
        h->value = h->info;
        return true;
    }
    if (h->info <= 27) {
        const int n = 1 << (h->info - 24);
        if (h->major == 7 && n == 1 && m_end - m_p >= 1 && *m_p < 32)
            return fail(); // a simple value that needed no second byte
        if (m_end - m_p < n)
            return fail();
        switch (n) {
        case 1:
            h->value = *m_p;
            break;
        case 2:
            h->value = qFromBigEndian<quint16>(m_p);
            break;
        case 4:
            h->value = qFromBigEndian<quint32>(m_p);
            break;
        default:
            h->value = qFromBigEndian<quint64>(m_p);
            break;
        }
        m_p += n;
        return true;
    }
    if (h->info == 31 && (h->major == 4 || h->major == 5)) {
        h->indefinite = true;
        return true;
    }
    return fail(); // reserved, a stray break, or an indefinite-length string
}

bool CborScanner::atBreak() {
    if (m_ok && m_p < m_end && *m_p == 0xff) {
        ++m_p;
        return true;
    }
    return false;
}

QByteArrayView CborScanner::take(quint64 n) {
    if (!m_ok || quint64(m_end - m_p) < n) {
        fail();
        return {};
    }
    const QByteArrayView v(reinterpret_cast<const char *>(m_p), qsizetype(n));
    m_p += n;
    return v;
}

bool CborScanner::skip(const Head &h) {
    // Depth-first with a counter of the items still to skip per level, no recursion.
    struct Level {
        quint64 left;
        bool indefinite;
    };
    Level stack[kMaxDepth];
    int depth = 0;
    Head cur = h;
    for (;;) {
        switch (cur.major) {
        case 2:
            take(cur.value);
            break;
        case 3:
            if (!validUtf8(take(cur.value)))
                return fail();
            break;
        case 4:
        case 5:
            if (depth == kMaxDepth)
                return fail();
            stack[depth++] = {cur.indefinite ? 0 : cur.value * (cur.major == 5 ? 2 : 1),
                              cur.indefinite};
            break;
        default: // integers, simple values and floats are all head; a tag's item follows
            if (cur.major == 6) {
                if (!next(&cur))
                    return false;
                continue;
            }
            break;
        }
        if (!m_ok)
            return false;
        // The next item to skip, if any level still has one.
        for (;;) {
            if (depth == 0)
                return true;
            Level &top = stack[depth - 1];
            if (top.indefinite ? atBreak() : top.left == 0) {
                --depth;
                continue;
            }
            if (!top.indefinite)
                --top.left;
            break;
        }
        if (!next(&cur))
            return false;
    }
}

bool CborScanner::readInteger(qint64 *v) {
    Head h;
    if (!next(&h) || h.major > 1 || h.value > quint64(std::numeric_limits<qint64>::max()))
        return fail();
    *v = h.major == 0 ? qint64(h.value) : -1 - qint64(h.value);
    return true;
}

bool CborScanner::readText(QString *s) {
    Head h;
    if (!next(&h) || h.major != 3)
        return fail();
    const QByteArrayView utf8 = take(h.value);
    if (!m_ok)
        return false;
    bool ascii = true;
    for (char c : utf8) {
        if (uchar(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        *s = QString::fromLatin1(utf8.data(), utf8.size());
        return true;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *s = decoder.decode(utf8);
    return decoder.hasError() ? fail() : true; // Qt's decoder reports it, with its message
}

bool CborScanner::readBool(bool *b) {
    Head h;
    if (!next(&h) || h.major != 7 || (h.info != 20 && h.info != 21))
        return fail();
    *b = h.info == 21;
    return true;
}

bool CborScanner::readValue(QCborValue *v) {
    return readValueAt(v, 0);
}

bool CborScanner::readValueAt(QCborValue *v, int depth) {
    const uchar *start = m_p;
    Head h;
    if (!next(&h))
        return false;
    switch (h.major) {
    case 0:
    case 1:
        m_p = start;
        {
            qint64 i = 0;
            if (!readInteger(&i))
                return false;
            *v = QCborValue(i);
        }
        return true;
    case 2:
        *v = QCborValue(take(h.value).toByteArray());
        return m_ok;
    case 3: {
        m_p = start;
        QString s;
        if (!readText(&s))
            return false;
        *v = QCborValue(s);
        return true;
    }
    case 4: {
        if (depth == kMaxDepth)
            return fail();
        QCborArray a;
        for (quint64 i = 0; h.indefinite ? !atBreak() : i < h.value; ++i) {
            QCborValue item;
            if (!readValueAt(&item, depth + 1))
                return false;
            a.append(item);
        }
        *v = QCborValue(a);
        return m_ok;
    }
    case 7:
        switch (h.info) {
        case 20:
        case 21:
            *v = QCborValue(h.info == 21);
            return true;
        case 22:
            *v = QCborValue(QCborValue::Null);
            return true;
        case 23:
            *v = QCborValue(QCborValue::Undefined);
            return true;
        case 25: {
            const uchar be[2] = {uchar(h.value >> 8), uchar(h.value)};
            *v = QCborValue(double(float(qFromBigEndian<qfloat16>(be))));
            return true;
        }
        case 26: {
            const quint32 bits = quint32(h.value);
            float f;
            std::memcpy(&f, &bits, sizeof bits);
            *v = QCborValue(double(f));
            return true;
        }
        case 27: {
            double d;
            std::memcpy(&d, &h.value, sizeof d);
            *v = QCborValue(d);
            return true;
        }
        default:
            return fail();
        }
    default: // maps and tags: left to Qt
        return fail();
    }
}

bool CborScanner::readMapHead(qint64 *pairs) {
    Head h;
    if (!next(&h) || h.major != 5 || h.value > quint64(std::numeric_limits<qint64>::max()))
        return fail();
    *pairs = h.indefinite ? -1 : qint64(h.value);
    return true;
}

bool CborScanner::nextNewKey(qint64 *left, QByteArrayView *key, QList<QByteArrayView> *seen) {
    if (!nextKey(left, key))
        return false;
    if (seen->contains(*key))
        return fail();
    seen->append(*key);
    return true;
}

bool CborScanner::skipItem() {
    Head h;
    return next(&h) && skip(h);
}

bool CborScanner::nextKey(qint64 *left, QByteArrayView *key) {
    if (!m_ok)
        return false;
    if (*left < 0) {
        if (atBreak())
            return false;
    } else if (*left == 0) {
        return false;
    } else {
        --*left;
    }
    Head h;
    if (!next(&h) || h.major != 3)
        return fail();
    *key = take(h.value);
    return m_ok && (validUtf8(*key) || fail());
}

} // namespace infrastage::db
