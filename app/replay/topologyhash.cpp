#include "topologyhash.h"

#include "io/jsonformat.h"
#include "model/topologydata.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrastage::gui {

QString topologyHash(const TopologyData &topology) {
    QJsonObject root = QJsonDocument::fromJson(JsonFormat::write(topology)).object();
    QJsonArray nodes = root.value(QLatin1String("nodes")).toArray();
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        QJsonObject n = nodes.at(i).toObject();
        n.remove(QLatin1String("position"));
        nodes.replace(i, n);
    }
    root.insert(QStringLiteral("nodes"), nodes);
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace infrastage::gui
