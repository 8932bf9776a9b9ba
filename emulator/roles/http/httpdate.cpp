#include "httpdate.h"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace infrastage::http {

namespace {
const char *const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char *const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
} // namespace

QByteArray httpDate(qint64 secondsSinceEpoch) {
    const time_t t = time_t(secondsSinceEpoch);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QByteArray(buf, n);
}

QByteArray currentHttpDate() {
    static time_t cachedAt = 0;
    static QByteArray cached;
    const time_t now = ::time(nullptr);
    if (now != cachedAt) {
        cachedAt = now;
        cached = httpDate(now);
    }
    return cached;
}

qint64 parseHttpDate(const QByteArray &value) {
    char day[4] = {}, mon[4] = {};
    int d = 0, y = 0, h = 0, mi = 0, s = 0;
    if (value.size() != 29 || std::sscanf(value.constData(), "%3s, %2d %3s %4d %2d:%2d:%2d GMT",
                                          day, &d, mon, &y, &h, &mi, &s) != 7)
        return -1;
    int month = -1;
    for (int i = 0; i < 12; ++i)
        if (std::strcmp(mon, kMonths[i]) == 0)
            month = i;
    if (month < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
        return -1;
    struct tm tm = {};
    tm.tm_year = y - 1900;
    tm.tm_mon = month;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return qint64(timegm(&tm));
}

} // namespace infrastage::http
