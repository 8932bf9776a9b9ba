#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace infrastage::roles::web {

// Maps request paths onto the files under a document root, refusing every way out of it, and
// keeps small files in memory (revalidated by a stat per request) so serving costs no reads.
class StaticFiles final {
public:
    struct File {
        QString relative; // path under the root, "/index.html"
        QByteArray content;
        QByteArray mime;
        QByteArray etag;         // "\"<mtime hex>-<size hex>\"", as Nginx
        QByteArray lastModified; // IMF-fixdate
        qint64 mtime = 0;        // seconds since the epoch
    };
    enum class Outcome {
        Found,     // `file` is filled
        Missing,   // no such file: a dynamic path for the application
        Forbidden, // 403: climbs out of the root (.., %2e%2e, symlink)
        Invalid,   // 404: encoded slash, NUL, or unreadable
    };

    bool setRoot(const QString &root, QString *error);
    QString root() const { return m_root; }
    // `rawPath`: the request path as received (percent-encoded, no query).
    Outcome lookup(const QByteArray &rawPath, File *file, QString *reason);

private:
    struct Entry {
        File file;
        qint64 mtimeNs = 0;
        qint64 size = 0;
    };
    QString m_root; // canonical, no trailing slash
    QHash<QString, Entry> m_cache;
};

} // namespace infrastage::roles::web
