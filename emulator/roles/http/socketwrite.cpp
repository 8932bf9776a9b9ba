#include "socketwrite.h"

#include <QSslSocket>
#include <QTcpSocket>

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
        while (fd >= 0 && done < bytes.size()) {
            const ssize_t n =
                ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
            if (n > 0) {
                done += n;
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                break; // full (EAGAIN) or an error: QTcpSocket takes over below
            }
        }
    }
    if (done == bytes.size())
        return;
    socket->write(done == 0 ? bytes : bytes.mid(done));
    socket->flush();
}

} // namespace infrastage::http
