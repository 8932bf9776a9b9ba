#include "propertyspec.h"

#include "designaddress.h"

#include <QRegularExpression>

#include <algorithm>

namespace infrastage {

namespace {

bool isHostnameChar(char16_t c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'_' || c == u'-' || c == u'.';
}

bool isHostname(const QString &s) {
    static const QRegularExpression re(
        QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-"
                       "9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?$"));
    // Names are checked for every web server on every analysis, and the regex costs more than
    // the rest of the validation of a node: names made only of the characters it allows are
    // checked by hand, label by label; anything else is left to the regex, the definition.
    if (!std::all_of(s.cbegin(), s.cend(), [](QChar c) { return isHostnameChar(c.unicode()); }))
        return re.match(s).hasMatch();
    if (s.isEmpty() || s.size() > 253)
        return false;
    for (qsizetype start = 0;;) {
        qsizetype end = s.indexOf(QLatin1Char('.'), start);
        if (end < 0)
            end = s.size();
        if (end == start) // an empty label: only the root, after a last dot
            return start == s.size() && start > 0;
        if (end - start > 63 || s.at(start) == QLatin1Char('-') ||
            s.at(end - 1) == QLatin1Char('-'))
            return false;
        if (end == s.size())
            return true;
        start = end + 1;
    }
}

} // namespace

bool coercePropertyValue(const PropertySpec &spec, const QVariant &in, QVariant *out) {
    switch (spec.type) {
    case PropertyType::Int:
    case PropertyType::Port:
    case PropertyType::Duration: {
        if (in.typeId() == QMetaType::Bool)
            return false;
        bool ok = false;
        qint64 v = 0;
        if (in.typeId() == QMetaType::Double) {
            const double d = in.toDouble();
            if (d != static_cast<double>(static_cast<qint64>(d)) || d > 9.0e15 || d < -9.0e15)
                return false;
            v = static_cast<qint64>(d);
            ok = true;
        } else if (in.typeId() == QMetaType::QString) {
            v = in.toString().trimmed().toLongLong(&ok);
        } else if (in.canConvert<qint64>()) {
            v = in.toLongLong(&ok);
        }
        if (!ok)
            return false;
        *out = QVariant::fromValue(v);
        return true;
    }
    case PropertyType::Bool:
        if (in.typeId() == QMetaType::Bool) {
            *out = in.toBool();
            return true;
        }
        if (in.typeId() == QMetaType::QString) {
            const QString s = in.toString().trimmed().toLower();
            if (s == QLatin1String("true") || s == QLatin1String("yes") ||
                s == QLatin1String("on")) {
                *out = true;
                return true;
            }
            if (s == QLatin1String("false") || s == QLatin1String("no") ||
                s == QLatin1String("off")) {
                *out = false;
                return true;
            }
        }
        return false;
    default:
        if (in.typeId() != QMetaType::QString)
            return false;
        *out = in.toString();
        return true;
    }
}

QString checkPropertyValue(const PropertySpec &spec, const QVariant &value) {
    switch (spec.type) {
    case PropertyType::Int:
    case PropertyType::Duration: {
        const qint64 v = value.toLongLong();
        if (v < spec.min || v > spec.max)
            return QStringLiteral("%1 is out of range (%2 to %3)")
                .arg(v)
                .arg(spec.min)
                .arg(spec.max);
        return {};
    }
    case PropertyType::Port: {
        const qint64 v = value.toLongLong();
        if (v < 1 || v > 65535)
            return QStringLiteral("%1 is not a port (1 to 65535)").arg(v);
        return {};
    }
    case PropertyType::Bool:
        return {};
    case PropertyType::Enum:
        if (!spec.choices.contains(value.toString()))
            return QStringLiteral("'%1' is not one of %2")
                .arg(value.toString(), spec.choices.join(QStringLiteral(", ")));
        return {};
    case PropertyType::IPv4: {
        const QString s = value.toString();
        if (s.isEmpty())
            return spec.optional ? QString() : QStringLiteral("an IPv4 address is required");
        if (!parseIPv4(s, nullptr))
            return QStringLiteral("'%1' is not an IPv4 address (like 192.168.1.10)").arg(s);
        return {};
    }
    case PropertyType::Hostname: {
        const QString s = value.toString();
        if (s.isEmpty())
            return spec.optional ? QString() : QStringLiteral("a name is required");
        if (!isHostname(s))
            return QStringLiteral("'%1' is not a valid DNS name").arg(s);
        return {};
    }
    case PropertyType::PortList:
        if (!parsePortList(value.toString(), nullptr))
            return QStringLiteral("'%1' is not a comma-separated list of ports")
                .arg(value.toString());
        return {};
    case PropertyType::String:
        if (value.toString().size() > 4096)
            return QStringLiteral("text is longer than 4096 characters");
        return {};
    }
    return {};
}

} // namespace infrastage
