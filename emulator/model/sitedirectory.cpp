#include "sitedirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace infrastage {

QString SiteDirectory::find(const QString &site) {
    const QString name = site.isEmpty() ? QStringLiteral("foobar") : site;
    QStringList candidates;
    const QByteArray env = qgetenv("INFRASTAGE_SITES_DIR");
    if (!env.isEmpty())
        candidates << QString::fromLocal8Bit(env) + QLatin1Char('/') + name;
    const QString bin = QCoreApplication::applicationDirPath();
    candidates << bin + QStringLiteral("/../share/infrastage/sites/") + name
               << QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/sites/") + name
               << bin + QStringLiteral("/../share/infrastage/site")
               << QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/site");
    for (const QString &c : candidates) {
        if (QFileInfo(c).isDir())
            return QDir(c).absolutePath();
    }
    return QDir(candidates.last()).absolutePath();
}

} // namespace infrastage
