#pragma once

#include "linkkind.h"

#include <QString>
#include <QVariantMap>

namespace infrastage {

// A typed, directed link between two nodes. `properties` holds every property of the kind.
struct Link {
    QString id;
    LinkKind kind = LinkKind::Network;
    QString from;
    QString to;
    QVariantMap properties;

    QString text(const QString &key) const { return properties.value(key).toString(); }
    qint64 number(const QString &key) const { return properties.value(key).toLongLong(); }
    bool flag(const QString &key) const { return properties.value(key).toBool(); }

    bool operator==(const Link &) const = default;
};

// A link of `kind` with every property at its default.
Link makeLink(LinkKind kind, const QString &id, const QString &from, const QString &to);

} // namespace infrastage
