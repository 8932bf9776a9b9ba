#include "importer.h"

#include <QFile>

namespace infrastage {

namespace {
QList<const Importer *> &registry() {
    static QList<const Importer *> list;
    return list;
}
} // namespace

ImporterRegistration::ImporterRegistration(const Importer *importer) {
    registry().append(importer);
}

namespace Importers {

QList<const Importer *> all() {
    return registry();
}

const Importer *find(const QString &format) {
    for (const Importer *i : registry()) {
        if (i->format().compare(format, Qt::CaseInsensitive) == 0)
            return i;
    }
    return nullptr;
}

const Importer *forFile(const QString &path, const QByteArray &head) {
    for (const Importer *i : registry()) {
        if (i->accepts(path, head))
            return i;
    }
    return nullptr;
}

bool readFile(const QString &path, QByteArray *bytes, QString *error) {
    constexpr qint64 kMaxSize = 64ll * 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxSize) {
        *error = QStringLiteral("%1: larger than %2 MB; not a diagram this program reads")
                     .arg(path)
                     .arg(kMaxSize / (1024 * 1024));
        return false;
    }
    *bytes = file.readAll();
    return true;
}

} // namespace Importers

} // namespace infrastage
