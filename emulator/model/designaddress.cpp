#include "designaddress.h"

namespace infrastage {

bool parseIPv4(const QString &text, quint32 *address) {
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    quint32 value = 0;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3 ||
            (part.size() > 1 && part.startsWith(QLatin1Char('0'))))
            return false;
        for (QChar c : part) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
        }
        const int octet = part.toInt();
        if (octet > 255)
            return false;
        value = (value << 8) | quint32(octet);
    }
    if (address)
        *address = value;
    return true;
}

QString formatIPv4(quint32 a) {
    return QStringLiteral("%1.%2.%3.%4")
        .arg((a >> 24) & 0xff)
        .arg((a >> 16) & 0xff)
        .arg((a >> 8) & 0xff)
        .arg(a & 0xff);
}

} // namespace infrastage
