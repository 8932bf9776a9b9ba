#pragma once

#include "dbframe.h"
#include "dbresult.h"

#include <QHash>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

namespace infrastage::db {

// Asynchronous client of the database protocol. Requests may be pipelined; each gets exactly
// one callback: the server's answer, or ConnectionLost/Timeout/NotConnected.
class DbClient final : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const DbResult &)>;

    explicit DbClient(QObject *parent = nullptr);
    ~DbClient() override;

    // bindAddress: the local address to connect from (the emulated host's loopback address), so
    // that a "cut" between two hosts can tell who is calling. Empty: any.
    void connectToServer(const QString &address, quint16 port, const QString &bindAddress = {});
    void disconnectFromServer();
    bool isConnected() const;
    QString address() const { return m_address; }
    quint16 port() const { return m_port; }

    // 0 = wait forever (the default).
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }

    qint64 query(const QString &sql, const QCborArray &params, Callback callback,
                 const QString &trace = {});
    qint64 transaction(const QList<DbStatement> &statements, Callback callback,
                       const QString &trace = {});
    // Any request map (op "status", "checksum", "ping"); "id" is filled in.
    qint64 request(QCborMap message, Callback callback);

    // Blocking helpers for tests and command-line tools: run a local event loop.
    bool waitForConnected(int ms);
    DbResult querySync(const QString &sql, const QCborArray &params = {}, int ms = 10000,
                       const QString &trace = {});
    DbResult requestSync(const QCborMap &message, int ms = 10000);

signals:
    void connected();
    void disconnected();

private:
    qint64 send(const QByteArray &frame, Callback callback); // a frame with id m_nextId

    struct Pending {
        Callback callback;
        qint64 deadlineMs = 0;
    };
    void onReadyRead();
    void failAll(DbErrorCode code, const QString &why);
    void checkTimeouts();

    QTcpSocket *m_socket = nullptr;
    FrameReader m_reader;
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    int m_timeoutMs = 0;
    QTimer m_timeoutTimer;
    QString m_address;
    quint16 m_port = 0;
};

} // namespace infrastage::db
