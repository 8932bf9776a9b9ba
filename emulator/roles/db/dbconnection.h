#pragma once

#include "dbframe.h"
#include "dbrequest.h"

#include <QObject>
#include <QQueue>

#include <functional>

class QSocketNotifier;

namespace infrastage::db {

class StreamSender;

// One client connection of the database server, on the accepted descriptor itself (the lb's
// and the web role's way, no QTcpSocket): a readable descriptor is read(2) straight into the
// frame reader, an answer leaves with one send(2). Splits frames, answers broken ones itself
// and hands well-formed requests to the handler one at a time, in order. The handler answers
// with send() and calls finish() when done (possibly later, e.g. after a semi-sync
// acknowledgement).
class DbConnection final : public QObject {
    Q_OBJECT

public:
    using Handler = std::function<void(DbConnection *, const DbRequest &)>;

    // Takes `fd` (connected, non-blocking); peer: its IPv4 address as text.
    DbConnection(int fd, const QString &peer, qsizetype maxFrame, Handler handler, QObject *parent);
    ~DbConnection() override;

    void send(const QCborMap &message);
    // Queued; written by flush() or, at the latest, when the event loop next finds the
    // descriptor writable.
    void sendFrame(const QByteArray &frame);
    void flush(); // writes what was sent now rather than when the event loop next polls
    // The same, from this thread even when the stream has a sender thread (streamFrom()):
    // what the kernel takes at once (StreamSender::sendNow()).
    void flushHere();
    // The request is answered: the next one may run. Also flushes the answer.
    void finish();
    void close();
    void setDelayMs(int ms) { m_delayMs = ms; }

    // A replica's stream: from now on what is sent goes out from the sender's thread (the
    // node's binlog dump thread); the connection still reads here (acknowledgements).
    void streamFrom(StreamSender *sender);

    QString peerAddress() const { return m_peer; }
    qint64 bytesToWrite() const;

signals:
    void closed(infrastage::db::DbConnection *connection);
    void drained(); // written bytes left the buffer: a streamer may send more

private:
    void onReadable();
    void onWritable();
    void process();
    void replyError(qint64 id, int code, const QString &why);
    bool writeOut(); // false: the peer is gone (the connection is closing)

    int m_fd;
    StreamSender *m_sender = nullptr;
    QSocketNotifier *m_readable;
    QSocketNotifier *m_writable; // on while output waits for the kernel
    QByteArray m_out;            // sent, not yet taken by the kernel
    FrameReader m_reader;
    Handler m_handler;
    QQueue<DbRequest> m_queue;
    QString m_peer;
    bool m_busy = false;
    bool m_inProcess = false;
    bool m_closed = false;
    int m_delayMs = 0;
};

} // namespace infrastage::db
