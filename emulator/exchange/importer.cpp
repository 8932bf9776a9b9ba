#include "importer.h"

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

} // namespace Importers

} // namespace infrastage
