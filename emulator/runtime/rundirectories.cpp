#include "rundirectories.h"

#include <QDateTime>
#include <QDir>
#include <QRegularExpression>

#include <cerrno>
#include <signal.h>
#include <unistd.h>

namespace infrastage::runtime {

namespace {

bool processIsAlive(qint64 pid) {
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

} // namespace

QString RunDirectories::root() {
    return QDir::tempPath() + QStringLiteral("/infrastage-runs");
}

QString RunDirectories::fresh() {
    static int counter = 0;
    return root() +
           QStringLiteral("/%1-%2-%3")
               .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
               .arg(::getpid())
               .arg(++counter);
}

QStringList RunDirectories::pruneEnded(const QString &root, int keep) {
    static const QRegularExpression kName(QStringLiteral("^\\d{8}-\\d{6}-(\\d+)-\\d+$"));
    QDir dir(root);
    // Newest first: the names start with the time, so they sort by it.
    const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QStringList removed;
    int kept = 0;
    for (auto it = names.crbegin(); it != names.crend(); ++it) {
        const QRegularExpressionMatch m = kName.match(*it);
        if (!m.hasMatch() || processIsAlive(m.captured(1).toLongLong()))
            continue;
        if (kept < keep) {
            ++kept;
            continue;
        }
        QDir run(dir.filePath(*it));
        if (run.removeRecursively())
            removed.append(run.path());
    }
    return removed;
}

} // namespace infrastage::runtime
