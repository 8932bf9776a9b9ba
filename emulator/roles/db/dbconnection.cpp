#include "dbconnection.h"

#include "dberrorcode.h"

#include <QHostAddress>
#include <QTimer>

namespace infrastage::db {

namespace {
constexpr qsizetype kMaxQueued = 1024; // pipelined requests beyond this wait in the kernel
}

DbConnection::DbConnection(QTcpSocket *socket, qsizetype maxFrame, Handler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(maxFrame)
    , m_handler(std::move(handler))
    , m_peer(QHostAddress(socket->peerAddress().toIPv4Address()).toString()) {
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setReadBufferSize(1024 * 1024);
    connect(m_socket, &QTcpSocket::readyRead, this, &DbConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() < 256 * 1024)
            emit drained();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &DbConnection::close);
}

void DbConnection::send(const QCborMap &message) {
    sendFrame(encodeFrame(message));
}

void DbConnection::sendFrame(const QByteArray &frame) {
    if (!m_closed)
        m_socket->write(frame);
}

void DbConnection::flush() {
    if (!m_closed)
        m_socket->flush();
}

void DbConnection::close() {
    if (m_closed)
        return;
    m_closed = true;
    m_queue.clear();
    m_socket->disconnect(this);
    m_socket->flush();
    m_socket->close();
    emit closed(this);
    deleteLater();
}

void DbConnection::replyError(qint64 id, int code, const QString &why) {
    send(QCborMap{{QStringLiteral("id"), id},
                  {QStringLiteral("ok"), false},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("error"), why}});
}

void DbConnection::onReadyRead() {
    if (m_closed)
        return;
    while (m_queue.size() < kMaxQueued && m_socket->bytesAvailable() > 0) {
        m_reader.append(m_socket->read(64 * 1024));
        QByteArray payload;
        for (;;) {
            const FrameReader::Status st = m_reader.next(&payload);
            if (st == FrameReader::Status::NeedMore)
                break;
            if (st == FrameReader::Status::TooLarge) {
                // The rest of the stream cannot be trusted: say why, then hang up.
                replyError(0, int(DbErrorCode::FrameTooLarge),
                           QStringLiteral("frame of %1 bytes exceeds the limit")
                               .arg(m_reader.announcedSize()));
                close();
                return;
            }
            QCborMap m;
            QString why;
            if (!decodeMessage(payload, &m, &why)) {
                replyError(0, int(DbErrorCode::BadFrame), why); // framing is intact: carry on
                continue;
            }
            m_queue.enqueue(m);
        }
    }
    process();
}

void DbConnection::process() {
    if (m_inProcess)
        return;
    m_inProcess = true;
    while (!m_busy && !m_queue.isEmpty() && !m_closed) {
        const QCborMap m = m_queue.dequeue();
        m_busy = true;
        if (m_delayMs > 0) {
            QTimer::singleShot(m_delayMs, this, [this, m] {
                if (!m_closed)
                    m_handler(this, m);
            });
        } else {
            m_handler(this, m);
        }
    }
    m_inProcess = false;
    if (!m_busy && !m_closed && m_queue.isEmpty() && m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &DbConnection::onReadyRead);
}

void DbConnection::finish() {
    m_busy = false;
    flush();
    // Inside process() its loop takes the next request; otherwise take it now (the answer was
    // given later, e.g. after a commit group or a semi-sync acknowledgement).
    if (!m_inProcess && !m_closed && (!m_queue.isEmpty() || m_socket->bytesAvailable() > 0))
        process();
}

} // namespace infrastage::db
