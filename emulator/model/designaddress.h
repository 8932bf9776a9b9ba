#pragma once

#include <QList>
#include <QString>

namespace infrastage {

// Parses a dotted-quad IPv4 address ("192.168.1.10"); no leading zeros, no shorthand.
bool parseIPv4(const QString &text, quint32 *address);
QString formatIPv4(quint32 address);

// Parses "80,443" into ports; an empty text is an empty list. False on any bad entry.
bool parsePortList(const QString &text, QList<int> *ports);

} // namespace infrastage
