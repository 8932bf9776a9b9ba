#include "designaddress.h"

namespace infrastage {

bool parseIPv4(const QString &text, quint32 *address) {
    quint32 value = 0;
    int octets = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (octets < 4) {
        const qsizetype start = i;
        int octet = 0;
        while (i < n && text.at(i) >= QLatin1Char('0') && text.at(i) <= QLatin1Char('9') &&
               i - start < 3) {
            octet = octet * 10 + (text.at(i).unicode() - u'0');
            ++i;
        }
        const qsizetype digits = i - start;
        if (digits == 0 || octet > 255 || (digits > 1 && text.at(start) == QLatin1Char('0')))
            return false;
        value = (value << 8) | quint32(octet);
        ++octets;
        if (octets < 4) {
            if (i >= n || text.at(i) != QLatin1Char('.'))
                return false;
            ++i;
        }
    }
    if (i != n)
        return false;
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

bool parsePortList(const QString &text, QList<int> *ports) {
    QList<int> out;
    const QString trimmed = text.trimmed();
    if (!trimmed.isEmpty()) {
        for (const QString &part : trimmed.split(QLatin1Char(','))) {
            bool ok = false;
            const int p = part.trimmed().toInt(&ok);
            if (!ok || p < 1 || p > 65535)
                return false;
            out.append(p);
        }
    }
    if (ports)
        *ports = out;
    return true;
}

} // namespace infrastage
