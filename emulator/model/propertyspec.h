#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

namespace infrastage {

// The value type of a node or link property; decides how it is validated and edited.
enum class PropertyType {
    String,   // free text
    Int,      // an integer within [min, max]
    Bool,     // true or false
    Enum,     // one of `choices`
    IPv4,     // a dotted-quad IPv4 address; may be empty when `optional`
    Port,     // a TCP/UDP port, 1..65535
    Duration, // milliseconds, an integer within [min, max]
    Hostname, // a DNS name such as www.foobar.com
    PortList, // comma-separated ports, e.g. "80,443"
};

// One property of a kind: its key in files, its type, default and limits.
struct PropertySpec {
    QString key;
    PropertyType type = PropertyType::String;
    QVariant defaultValue;
    QString label;
    QStringList choices;   // Enum only
    qint64 min = 0;        // Int, Duration
    qint64 max = 0;        // Int, Duration
    bool optional = false; // IPv4, Hostname: may be empty
};

// Checks `value` against `spec`. Returns an empty string when valid, else why not.
QString checkPropertyValue(const PropertySpec &spec, const QVariant &value);

// Converts a value read from a file or typed by a user into the spec's canonical type
// (int for Int/Port/Duration, bool for Bool, QString otherwise). Returns false if impossible.
bool coercePropertyValue(const PropertySpec &spec, const QVariant &in, QVariant *out);

} // namespace infrastage
