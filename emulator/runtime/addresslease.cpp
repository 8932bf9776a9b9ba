#include "addresslease.h"

#include <QDeadlineTimer>
#include <QHostAddress>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace infrastage::runtime {

namespace {

QString systemError(int code) {
    return QString::fromLocal8Bit(std::strerror(code));
}

// The directory's descriptor, made (sticky and writable by all, as /tmp) when missing; -1 with
// the reason when it cannot be, or is not a directory of its own (a symbolic link is refused).
int openDirectory(QString *error) {
    const QByteArray dir = AddressLease::directory().toLocal8Bit();
    if (::mkdir(dir.constData(), 01777) == 0)
        ::chmod(dir.constData(), 01777); // past the umask
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        *error = QStringLiteral("%1: cannot use it for the addresses' leases (%2)")
                     .arg(AddressLease::directory(), systemError(errno));
    return fd;
}

// Who holds the lease in `fd`, as it wrote itself there.
QString holderOf(int fd) {
    char text[1024];
    const ssize_t n = ::pread(fd, text, sizeof text, 0);
    const QString holder = n > 0 ? QString::fromUtf8(text, int(n)).trimmed() : QString();
    return holder.isEmpty() ? QStringLiteral("a run that has not said which") : holder;
}

// An exclusive lock on `fd` at once, or by `deadline` (tried every 50 ms); errno says why not.
bool lock(int fd, const QDeadlineTimer &deadline) {
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK || deadline.hasExpired())
            return false;
        ::usleep(50 * 1000);
    }
    return true;
}

} // namespace

QString AddressLease::directory() {
    return QStringLiteral("/tmp/infrastage-addresses");
}

AddressLease::Result AddressLease::acquire(const QMap<QString, QString> &addresses,
                                           const QString &owner, QString *error) {
    release();
    const QStringList wanted = addresses.keys(); // in order: no two runs wait on each other
    for (const QString &a : wanted) {
        // The name is a path's last part: only an IPv4 address written as the plan writes it
        // (so one address has one file, and nothing can climb out of the directory).
        const QHostAddress parsed(a);
        if (parsed.protocol() != QAbstractSocket::IPv4Protocol || parsed.toString() != a) {
            *error = QStringLiteral("%1: not an IPv4 address to lease").arg(a);
            return Result::Unavailable;
        }
    }
    // Test runs (tests/CMakeLists.txt) wait for the holder instead of being refused: two tests
    // whose designs meet then run one after the other.
    bool waits = false;
    const int waitS = qEnvironmentVariableIntValue("INFRASTAGE_LEASE_WAIT", &waits);
    const QDeadlineTimer deadline(waits ? waitS * 1000LL : 0);
    const int dir = openDirectory(error);
    if (dir < 0)
        return Result::Unavailable;
    Result result = Result::Taken;
    const QByteArray text = owner.toUtf8() + '\n';
    for (const QString &a : wanted) {
        const QByteArray name = a.toLatin1();
        bool writable = true;
        int fd = ::openat(dir, name.constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EACCES) { // made by another user: a lock needs no write access
            writable = false;
            fd = ::openat(dir, name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0) {
            *error = QStringLiteral("%1/%2: cannot open the address's lease (%3)")
                         .arg(directory(), a, systemError(errno));
            result = Result::Unavailable;
            break;
        }
        if (!lock(fd, deadline)) {
            const int code = errno;
            result = code == EWOULDBLOCK ? Result::HeldByAnother : Result::Unavailable;
            *error = code == EWOULDBLOCK
                         ? QStringLiteral("%1 is in use by another running design; stop that "
                                          "run first, or give this design other addresses. It "
                                          "is %2")
                               .arg(addresses.value(a), holderOf(fd))
                         : QStringLiteral("%1/%2: cannot lock the address's lease (%3)")
                               .arg(directory(), a, systemError(code));
            ::close(fd);
            break;
        }
        if (writable && ::ftruncate(fd, 0) == 0) {
            // The description only serves the message: a short write leaves the lease held.
            [[maybe_unused]] const ssize_t n =
                ::pwrite(fd, text.constData(), size_t(text.size()), 0);
        }
        m_fds.append(fd);
        m_addresses.append(a);
    }
    ::close(dir);
    if (result != Result::Taken)
        release();
    return result;
}

void AddressLease::release() {
    // Closing drops the lock. The files stay: removing one while another run opens it would
    // let two runs lock two different files of the same name.
    for (int fd : std::as_const(m_fds))
        ::close(fd);
    m_fds.clear();
    m_addresses.clear();
}

} // namespace infrastage::runtime
