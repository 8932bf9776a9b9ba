#include "topologyfile.h"

#include "jsonformat.h"
#include "projectfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace infrastage::TopologyFile {

bool isProjectPath(const QString &path) {
    return path.endsWith(QLatin1String(".infrastage"), Qt::CaseInsensitive);
}

bool load(const QString &path, TopologyData *topology, QString *error) {
    auto failWith = [&](const QString &msg) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, msg);
        return false;
    };
    QFileInfo info(path);
    if (!info.exists())
        return failWith(QStringLiteral("no such file"));
    if (info.isDir())
        return failWith(QStringLiteral("is a directory, not a topology file"));
    if (info.size() > JsonFormat::kMaxFileSize)
        return failWith(QStringLiteral("the file is %1 MB; the largest topology accepted is %2 MB")
                            .arg(info.size() / (1024 * 1024))
                            .arg(JsonFormat::kMaxFileSize / (1024 * 1024)));
    QString why;
    if (ProjectFile::looksLikeProject(path)) {
        if (!ProjectFile::load(path, topology, &why))
            return failWith(why);
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(file.errorString());
    const QByteArray bytes = file.read(JsonFormat::kMaxFileSize + 1);
    if (!JsonFormat::read(bytes, topology, &why))
        return failWith(why);
    return true;
}

bool save(const QString &path, const TopologyData &topology, QString *error) {
    if (isProjectPath(path))
        return ProjectFile::save(path, topology, error);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(JsonFormat::write(topology));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace infrastage::TopologyFile
