#pragma once

#include <QByteArray>

namespace infrastage::http {

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Date and Last-Modified fields.
QByteArray httpDate(qint64 secondsSinceEpoch);
// The current date, formatted once per second.
QByteArray currentHttpDate();
// Seconds since the epoch, or -1 when `value` is not an IMF-fixdate.
qint64 parseHttpDate(const QByteArray &value);

} // namespace infrastage::http
