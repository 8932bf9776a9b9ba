#include "jsonformat.h"

#include "model/kindspec.h"
#include "model/topologydata.h"
#include "model/validator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace infrastage::JsonFormat {

namespace {

QJsonObject propertiesToJson(const QList<PropertySpec> &specs, const QVariantMap &props) {
    QJsonObject o;
    for (const PropertySpec &p : specs) {
        const QVariant v = props.value(p.key, p.defaultValue);
        switch (p.type) {
        case PropertyType::Int:
        case PropertyType::Port:
        case PropertyType::Duration:
            o.insert(p.key, v.toLongLong());
            break;
        case PropertyType::Bool:
            o.insert(p.key, v.toBool());
            break;
        default:
            o.insert(p.key, v.toString());
        }
    }
    return o;
}

class Reader {
public:
    bool fail(const QString &msg) {
        if (m_error.isEmpty())
            m_error = msg;
        return false;
    }

    QString error() const { return m_error; }

    bool readProperties(const QString &what, const QList<PropertySpec> &specs,
                        const QJsonValue &value, QVariantMap *props) {
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isObject())
            return fail(QStringLiteral("%1: 'properties' must be an object").arg(what));
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const PropertySpec *spec = nullptr;
            for (const PropertySpec &s : specs) {
                if (s.key == it.key())
                    spec = &s;
            }
            if (!spec)
                return fail(QStringLiteral("%1: unknown property '%2'").arg(what, it.key()));
            const QJsonValue v = it.value();
            QVariant out;
            switch (spec->type) {
            case PropertyType::Int:
            case PropertyType::Port:
            case PropertyType::Duration: {
                const double d = v.toDouble();
                if (!v.isDouble() || std::floor(d) != d || std::fabs(d) > 9.0e15)
                    return fail(QStringLiteral("%1, property '%2': expected an integer")
                                    .arg(what, it.key()));
                out = QVariant::fromValue(static_cast<qint64>(d));
                break;
            }
            case PropertyType::Bool:
                if (!v.isBool())
                    return fail(QStringLiteral("%1, property '%2': expected true or false")
                                    .arg(what, it.key()));
                out = v.toBool();
                break;
            default:
                if (!v.isString())
                    return fail(
                        QStringLiteral("%1, property '%2': expected a string").arg(what, it.key()));
                out = v.toString();
            }
            props->insert(it.key(), out);
        }
        return true;
    }

    bool readString(const QJsonObject &o, const char *key, const QString &what, bool required,
                    QString *out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                return fail(QStringLiteral("%1: '%2' is missing").arg(what, QLatin1String(key)));
            return true;
        }
        if (!v.isString())
            return fail(QStringLiteral("%1: '%2' must be a string").arg(what, QLatin1String(key)));
        *out = v.toString();
        return true;
    }

    bool readNode(int index, const QJsonValue &value, TopologyData *t) {
        const QString at = QStringLiteral("nodes[%1]").arg(index);
        if (!value.isObject())
            return fail(QStringLiteral("%1 must be an object").arg(at));
        const QJsonObject o = value.toObject();
        QString id, kindName;
        if (!readString(o, "id", at, true, &id) || !readString(o, "kind", at, true, &kindName))
            return false;
        const QString what = QStringLiteral("node '%1'").arg(id);
        NodeKind kind;
        if (!nodeKindFromName(kindName, &kind))
            return fail(QStringLiteral("%1: unknown kind '%2'").arg(what, kindName));
        Node n = makeNode(kind, id);
        if (!readString(o, "name", what, false, &n.name) ||
            !readString(o, "parent", what, false, &n.parent))
            return false;
        const QJsonValue pos = o.value(QLatin1String("position"));
        if (!pos.isUndefined() && !pos.isNull()) {
            const QJsonValue x = pos.toObject().value(QLatin1String("x"));
            const QJsonValue y = pos.toObject().value(QLatin1String("y"));
            if (!pos.isObject() || !x.isDouble() || !y.isDouble() ||
                std::fabs(x.toDouble()) > 1e7 || std::fabs(y.toDouble()) > 1e7)
                return fail(QStringLiteral("%1: 'position' must be {\"x\": number, \"y\": number} "
                                           "within ±10,000,000")
                                .arg(what));
            n.position = QPointF(x.toDouble(), y.toDouble());
        }
        if (!readProperties(what, nodeKindSpec(kind).properties,
                            o.value(QLatin1String("properties")), &n.properties))
            return false;
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const QSet<QString> known{
                QStringLiteral("id"),     QStringLiteral("kind"),     QStringLiteral("name"),
                QStringLiteral("parent"), QStringLiteral("position"), QStringLiteral("properties")};
            if (!known.contains(it.key()))
                return fail(QStringLiteral("%1: unknown field '%2'").arg(what, it.key()));
        }
        if (t->node(id) || t->link(id))
            return fail(QStringLiteral("%1: duplicate id '%2'").arg(at, id));
        t->appendNode(n);
        return true;
    }

    bool readLink(int index, const QJsonValue &value, TopologyData *t) {
        const QString at = QStringLiteral("links[%1]").arg(index);
        if (!value.isObject())
            return fail(QStringLiteral("%1 must be an object").arg(at));
        const QJsonObject o = value.toObject();
        QString id, kindName, from, to;
        if (!readString(o, "id", at, true, &id) || !readString(o, "kind", at, true, &kindName) ||
            !readString(o, "from", at, true, &from) || !readString(o, "to", at, true, &to))
            return false;
        const QString what = QStringLiteral("link '%1'").arg(id);
        LinkKind kind;
        if (!linkKindFromName(kindName, &kind))
            return fail(QStringLiteral("%1: unknown kind '%2'").arg(what, kindName));
        Link l = makeLink(kind, id, from, to);
        if (!readProperties(what, linkKindSpec(kind).properties,
                            o.value(QLatin1String("properties")), &l.properties))
            return false;
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const QSet<QString> known{QStringLiteral("id"), QStringLiteral("kind"),
                                             QStringLiteral("from"), QStringLiteral("to"),
                                             QStringLiteral("properties")};
            if (!known.contains(it.key()))
                return fail(QStringLiteral("%1: unknown field '%2'").arg(what, it.key()));
        }
        if (t->node(id) || t->link(id))
            return fail(QStringLiteral("%1: duplicate id '%2'").arg(at, id));
        t->appendLink(l);
        return true;
    }

    bool readDocument(const QJsonObject &root, TopologyData *t) {
        const QJsonValue format = root.value(QLatin1String("format"));
        if (format.toString() != QLatin1String(kFormatName))
            return fail(QStringLiteral("not an Infrastage topology: 'format' must be \"%1\"")
                            .arg(QLatin1String(kFormatName)));
        const QJsonValue version = root.value(QLatin1String("version"));
        if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()))
            return fail(QStringLiteral("'version' must be an integer"));
        if (version.toInt() > kVersion)
            return fail(QStringLiteral("the file is format version %1, newer than this program "
                                       "understands (%2); update Infrastage to open it")
                            .arg(version.toInt())
                            .arg(kVersion));
        if (version.toInt() < 1)
            return fail(
                QStringLiteral("'version' %1 is not a valid format version").arg(version.toInt()));
        if (!readString(root, "name", QStringLiteral("document"), false, &t->name) ||
            !readString(root, "description", QStringLiteral("document"), false, &t->description))
            return false;
        const QJsonValue nodes = root.value(QLatin1String("nodes"));
        const QJsonValue links = root.value(QLatin1String("links"));
        if (!nodes.isArray())
            return fail(QStringLiteral("'nodes' must be an array"));
        if (!links.isUndefined() && !links.isArray())
            return fail(QStringLiteral("'links' must be an array"));
        const QJsonArray nodeArray = nodes.toArray();
        for (int i = 0; i < nodeArray.size(); ++i) {
            if (!readNode(i, nodeArray.at(i), t))
                return false;
        }
        const QJsonArray linkArray = links.toArray();
        for (int i = 0; i < linkArray.size(); ++i) {
            if (!readLink(i, linkArray.at(i), t))
                return false;
        }
        for (auto it = root.begin(); it != root.end(); ++it) {
            static const QSet<QString> known{
                QStringLiteral("format"),      QStringLiteral("version"), QStringLiteral("name"),
                QStringLiteral("description"), QStringLiteral("nodes"),   QStringLiteral("links")};
            if (!known.contains(it.key()))
                return fail(QStringLiteral("unknown top-level field '%1'").arg(it.key()));
        }
        return true;
    }

private:
    QString m_error;
};

QString lineColumn(const QByteArray &bytes, int offset) {
    int line = 1, col = 1;
    for (int i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(col);
}

} // namespace

QByteArray write(const TopologyData &t) {
    QJsonArray nodes;
    for (const Node &n : t.nodes()) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), n.id);
        o.insert(QStringLiteral("kind"), nodeKindName(n.kind));
        o.insert(QStringLiteral("name"), n.name);
        if (!n.parent.isEmpty())
            o.insert(QStringLiteral("parent"), n.parent);
        o.insert(QStringLiteral("position"), QJsonObject{{QStringLiteral("x"), n.position.x()},
                                                         {QStringLiteral("y"), n.position.y()}});
        const QJsonObject props = propertiesToJson(nodeKindSpec(n.kind).properties, n.properties);
        if (!props.isEmpty())
            o.insert(QStringLiteral("properties"), props);
        nodes.append(o);
    }
    QJsonArray links;
    for (const Link &l : t.links()) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), l.id);
        o.insert(QStringLiteral("kind"), linkKindName(l.kind));
        o.insert(QStringLiteral("from"), l.from);
        o.insert(QStringLiteral("to"), l.to);
        const QJsonObject props = propertiesToJson(linkKindSpec(l.kind).properties, l.properties);
        if (!props.isEmpty())
            o.insert(QStringLiteral("properties"), props);
        links.append(o);
    }
    QJsonObject root;
    root.insert(QStringLiteral("format"), QLatin1String(kFormatName));
    root.insert(QStringLiteral("version"), kVersion);
    root.insert(QStringLiteral("name"), t.name);
    root.insert(QStringLiteral("description"), t.description);
    root.insert(QStringLiteral("nodes"), nodes);
    root.insert(QStringLiteral("links"), links);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool read(const QByteArray &bytes, TopologyData *topology, QString *error) {
    auto failWith = [error](const QString &msg) {
        if (error)
            *error = msg;
        return false;
    };
    if (bytes.size() > kMaxFileSize)
        return failWith(QStringLiteral("the file is %1 MB; the largest topology accepted is %2 MB")
                            .arg(bytes.size() / (1024 * 1024))
                            .arg(kMaxFileSize / (1024 * 1024)));
    if (bytes.trimmed().isEmpty())
        return failWith(QStringLiteral("the file is empty"));
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
    if (perr.error != QJsonParseError::NoError)
        return failWith(QStringLiteral("not valid JSON at %1: %2")
                            .arg(lineColumn(bytes, perr.offset), perr.errorString()));
    if (!doc.isObject())
        return failWith(QStringLiteral("the top level must be a JSON object"));
    TopologyData t;
    Reader reader;
    if (!reader.readDocument(doc.object(), &t))
        return failWith(reader.error());
    const ValidationIssues issues = validateTopology(t);
    if (hasStructuralIssue(issues)) {
        QStringList lines;
        for (const ValidationIssue &i : issues) {
            if (i.structural && lines.size() < 20)
                lines.append(i.toString());
        }
        return failWith(QStringLiteral("invalid topology: ") + lines.join(QStringLiteral("; ")));
    }
    *topology = t;
    return true;
}

} // namespace infrastage::JsonFormat
