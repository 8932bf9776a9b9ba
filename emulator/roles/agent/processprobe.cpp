#include "processprobe.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace infrastage::roles::agent {

namespace {

QByteArray readProc(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return QByteArray();
    return f.readAll();
}

} // namespace

ProcessProbe::ProcessProbe(QString configPath)
    : m_needle(QByteArray("--config") + '\0' + configPath.toLocal8Bit() + '\0') {}

bool ProcessProbe::matches(qint64 pid) const {
    return pid > 0 && readProc(QStringLiteral("/proc/%1/cmdline").arg(pid)).contains(m_needle);
}

qint64 ProcessProbe::find() const {
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &e : entries) {
        bool ok = false;
        const qint64 pid = e.toLongLong(&ok);
        if (ok && matches(pid))
            return pid;
    }
    return 0;
}

ProcessStats ProcessProbe::read() {
    ProcessStats s;
    if (!matches(m_pid))
        m_pid = find();
    if (m_pid <= 0)
        return s;
    // /proc/PID/stat: "pid (comm) state ..." - fields after the comm's closing parenthesis.
    const QByteArray stat = readProc(QStringLiteral("/proc/%1/stat").arg(m_pid));
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return s;
    const QList<QByteArray> f = stat.mid(close + 2).split(' ');
    // f[0] is field 3 (state): utime is field 14, stime 15, num_threads 20.
    if (f.size() < 18)
        return s;
    static const double ticks = double(::sysconf(_SC_CLK_TCK));
    s.cpuSeconds = double(f.at(11).toLongLong() + f.at(12).toLongLong()) / ticks;
    s.threads = f.at(17).toInt();
    const QList<QByteArray> statm =
        readProc(QStringLiteral("/proc/%1/statm").arg(m_pid)).split(' ');
    if (statm.size() > 1)
        s.residentBytes = statm.at(1).toLongLong() * ::sysconf(_SC_PAGESIZE);
    s.openFds = int(QDir(QStringLiteral("/proc/%1/fd").arg(m_pid))
                        .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
                        .size());
    s.pid = m_pid;
    s.found = true;
    return s;
}

} // namespace infrastage::roles::agent
