#include "exporter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace infrastage {

namespace {
QList<const Exporter *> &registry() {
    static QList<const Exporter *> list;
    return list;
}
} // namespace

ExporterRegistration::ExporterRegistration(const Exporter *exporter) {
    registry().append(exporter);
}

bool TextExporter::write(const TopologyData &topology, const ExportOptions &options,
                         const QString &path, QString *error) const {
    return Exporters::writeFile(path, render(topology, options), error);
}

namespace Exporters {

QList<const Exporter *> all() {
    QList<const Exporter *> list = registry();
    std::sort(list.begin(), list.end(),
              [](const Exporter *a, const Exporter *b) { return a->format() < b->format(); });
    return list;
}

const Exporter *find(const QString &format) {
    for (const Exporter *e : registry()) {
        if (e->format().compare(format, Qt::CaseInsensitive) == 0)
            return e;
    }
    return nullptr;
}

const Exporter *forPath(const QString &path) {
    const QString suffix = QFileInfo(path).suffix();
    if (suffix.isEmpty())
        return nullptr;
    for (const Exporter *e : registry()) {
        if (!e->extension().isEmpty() && e->extension().compare(suffix, Qt::CaseInsensitive) == 0)
            return e;
    }
    return nullptr;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error) {
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("%1: cannot create the directory").arg(info.absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace Exporters

} // namespace infrastage
