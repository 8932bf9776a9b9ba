#pragma once

#include <QByteArray>

class QTcpSocket;

namespace infrastage::http {

// Writes `bytes` to a connected socket at once, with send(2) straight on a plain TCP socket's
// descriptor when Qt's write buffer is empty (never on a TLS socket); whatever the kernel does not
// take (or an error) goes through QTcpSocket::write, which buffers it and reports errors as usual.
// Going around Qt's buffer saves, per write, the write notifier being switched on and off again,
// and under the GLib event dispatcher each switch is a wake-up write to the loop's eventfd: four of
// those per proxied request was a measurable share of the lb's CPU.
void writeNow(QTcpSocket *socket, const QByteArray &bytes);

// send(2)s from `data` on a non-blocking descriptor until all of it is taken or the kernel's
// buffer is full; returns how much was taken, or -1 on an error (the peer is gone).
qsizetype sendSome(int fd, const char *data, qsizetype size);

} // namespace infrastage::http
