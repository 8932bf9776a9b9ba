#pragma once

#include "nodekind.h"

#include <QPointF>
#include <QString>
#include <QVariantMap>

namespace infrastage {

// One node of a topology: a host (no parent) or a component inside a server (parent set).
// `properties` always holds every property of the kind, defaults filled in.
struct Node {
    QString id;
    NodeKind kind = NodeKind::Note;
    QString name;
    QString parent; // id of the server holding this component; empty for hosts
    QVariantMap properties;
    QPointF position; // canvas position: top-left for hosts, relative to the parent for components

    QVariant property(const QString &key) const { return properties.value(key); }
    QString text(const QString &key) const { return properties.value(key).toString(); }
    qint64 number(const QString &key) const { return properties.value(key).toLongLong(); }
    bool flag(const QString &key) const { return properties.value(key).toBool(); }

    bool operator==(const Node &) const = default;
};

// A node of `kind` with every property at its default.
Node makeNode(NodeKind kind, const QString &id, const QString &name = QString());

} // namespace infrastage
