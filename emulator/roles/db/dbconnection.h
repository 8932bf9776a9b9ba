#pragma once

#include "dbframe.h"

#include <QCborMap>
#include <QObject>
#include <QQueue>
#include <QTcpSocket>

#include <functional>

namespace infrastage::db {

// One client connection of the database server: splits frames, answers broken ones itself and
// hands well-formed requests to the handler one at a time, in order. The handler answers with
// send() and calls finish() when done (possibly later, e.g. after a semi-sync acknowledgement).
class DbConnection final : public QObject {
    Q_OBJECT

public:
    using Handler = std::function<void(DbConnection *, const QCborMap &)>;

    DbConnection(QTcpSocket *socket, qsizetype maxFrame, Handler handler, QObject *parent);

    void send(const QCborMap &message);
    void sendFrame(const QByteArray &frame);
    void flush(); // writes what was sent now rather than when the event loop next polls
    // The request is answered: the next one may run. Also flushes the answer.
    void finish();
    void close();
    void setDelayMs(int ms) { m_delayMs = ms; }

    QString peerAddress() const { return m_peer; }
    qint64 bytesToWrite() const { return m_socket->bytesToWrite(); }

signals:
    void closed(infrastage::db::DbConnection *connection);
    void drained(); // written bytes left the buffer: a streamer may send more

private:
    void onReadyRead();
    void process();
    void replyError(qint64 id, int code, const QString &why);

    QTcpSocket *m_socket;
    FrameReader m_reader;
    Handler m_handler;
    QQueue<QCborMap> m_queue;
    QString m_peer;
    bool m_busy = false;
    bool m_inProcess = false;
    bool m_closed = false;
    int m_delayMs = 0;
};

} // namespace infrastage::db
