#include "socketwrite.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <cerrno>
#include <sys/socket.h>

namespace infrastage::http {

void writeNow(QTcpSocket *socket, const QByteArray &bytes) {
    qsizetype done = 0;
    // A TLS socket encrypts what it is given: its descriptor is never written around it.
    const bool plain = !qobject_cast<QSslSocket *>(socket);
    if (plain && socket->state() == QAbstractSocket::ConnectedState &&
        socket->bytesToWrite() == 0) {
        const int fd = int(socket->socketDescriptor());
        if (fd >= 0)
            done = std::max<qsizetype>(0, sendSome(fd, bytes.constData(), bytes.size()));
    }
    if (done == bytes.size())
        return;
    socket->write(done == 0 ? bytes : bytes.mid(done));
    socket->flush();
}

qsizetype sendSome(int fd, const char *data, qsizetype size) {
    qsizetype done = 0;
    while (done < size) {
        const ssize_t n = ::send(fd, data + done, size_t(size - done), MSG_NOSIGNAL);
        if (n > 0)
            done += n;
        else if (n < 0 && errno == EINTR)
            continue;
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        else
            return done > 0 ? done : -1; // an error: QTcpSocket (or the caller) sees it next
    }
    return done;
}

} // namespace infrastage::http
