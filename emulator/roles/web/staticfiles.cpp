#include "staticfiles.h"

#include "httpdate.h"
#include "mimetypes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace infrastage::roles::web {

namespace {
constexpr qint64 kCacheFileLimit = 4 * 1024 * 1024;
constexpr int kCacheEntries = 2000;
} // namespace

bool StaticFiles::setRoot(const QString &root, QString *error) {
    const QFileInfo info(root);
    if (!info.isDir()) {
        *error = QStringLiteral("root \"%1\" is not a directory").arg(root);
        return false;
    }
    m_root = info.canonicalFilePath();
    m_cache.clear();
    return true;
}

StaticFiles::Outcome StaticFiles::lookup(const QByteArray &rawPath, File *file, QString *reason) {
    const QByteArray lower = rawPath.toLower();
    if (lower.contains("%2f") || lower.contains("%5c")) {
        *reason = QStringLiteral("encoded slash in the path");
        return Outcome::Invalid;
    }
    const QByteArray decoded = QByteArray::fromPercentEncoding(rawPath);
    if (decoded.contains('\0') || decoded.contains('\\')) {
        *reason = QStringLiteral("NUL or backslash in the path");
        return Outcome::Invalid;
    }
    if (!decoded.startsWith('/')) {
        *reason = QStringLiteral("path does not start with /");
        return Outcome::Invalid;
    }
    QByteArray clean;
    for (const QByteArray &segment : decoded.split('/')) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            *reason = QStringLiteral("path climbs out of the document root");
            return Outcome::Forbidden;
        }
        clean += '/';
        clean += segment;
    }
    QString path = m_root + QString::fromUtf8(clean);
    QByteArray native = QFile::encodeName(path);
    struct stat st;
    if (::stat(native.constData(), &st) != 0)
        return Outcome::Missing;
    if (S_ISDIR(st.st_mode)) {
        path += QStringLiteral("/index.html");
        clean += "/index.html";
        native = QFile::encodeName(path);
        if (::stat(native.constData(), &st) != 0)
            return Outcome::Missing;
    }
    if (!S_ISREG(st.st_mode))
        return Outcome::Missing;
    const qint64 mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    auto it = m_cache.find(path);
    if (it != m_cache.end() && it->mtimeNs == mtimeNs && it->size == qint64(st.st_size)) {
        *file = it->file;
        return Outcome::Found;
    }
    // A symlink may lead out of the root even when the path does not.
    const QString real = QFileInfo(path).canonicalFilePath();
    if (real.isEmpty() || !real.startsWith(m_root + QLatin1Char('/'))) {
        *reason = QStringLiteral("file resolves outside the document root");
        return Outcome::Forbidden;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *reason = QStringLiteral("cannot read the file: %1").arg(f.errorString());
        return Outcome::Invalid;
    }
    File out;
    out.relative = QString::fromUtf8(clean);
    out.content = f.readAll();
    out.mime = mimeTypeForFile(clean);
    out.mtime = qint64(st.st_mtim.tv_sec);
    out.etag = '"' + QByteArray::number(out.mtime, 16) + '-' +
               QByteArray::number(qint64(st.st_size), 16) + '"';
    out.lastModified = http::httpDate(out.mtime);
    if (qint64(st.st_size) <= kCacheFileLimit) {
        if (m_cache.size() >= kCacheEntries)
            m_cache.clear();
        m_cache.insert(path, Entry{out, mtimeNs, qint64(st.st_size)});
    }
    *file = std::move(out);
    return Outcome::Found;
}

} // namespace infrastage::roles::web
