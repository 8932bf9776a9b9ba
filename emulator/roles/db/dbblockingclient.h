#pragma once

#include "dbframe.h"
#include "dbresult.h"

#include <QCborMap>
#include <QString>

namespace infrastage::db {

// Blocking client of the database protocol, the counterpart of libmariadb's blocking API: one
// request at a time on a plain socket, the calling thread waits in the kernel for the answer
// (no event loop, no timers, no signals): one send(2) and one recv(2) per statement, the query
// written straight into its bytes and the answer read straight from them (DbResult::fromPayload).
// The frames and the answers (DbResult) are DbClient's.
// For tools, benchmarks and threads that do one thing at a time; code on an event loop that
// must not stall (the app role, tests that run servers in the same thread) uses DbClient.
class DbBlockingClient final {
public:
    DbBlockingClient() = default;
    ~DbBlockingClient();
    DbBlockingClient(const DbBlockingClient &) = delete;
    DbBlockingClient &operator=(const DbBlockingClient &) = delete;

    // Connects within `ms`; false (with the reason in *error, if given) otherwise.
    bool connectToServer(const QString &address, quint16 port, int ms = 5000,
                         QString *error = nullptr);
    void disconnectFromServer();
    bool isConnected() const { return m_fd >= 0; }

    // Each waits at most `ms` for the answer (0 = forever). An answer that arrives after its
    // request timed out is skipped when the next one is read, as DbClient does. A connection
    // that breaks or sends a bad frame is closed: ConnectionLost / BadFrame, then NotConnected.
    DbResult query(const QString &sql, const QCborArray &params = {}, int ms = 10000,
                   const QString &trace = {});
    DbResult transaction(const QList<DbStatement> &statements, int ms = 10000,
                         const QString &trace = {});
    // Any request map (op "status", "checksum", "ping"); "id" is filled in.
    DbResult request(QCborMap message, int ms = 10000);

private:
    DbResult fail(DbErrorCode code, const QString &why);
    // Sends m_out and waits for the answer with that id.
    DbResult exchange(qint64 id, int ms);
    void setReceiveTimeout(int ms); // SO_RCVTIMEO, set only when it changes; 0: none

    int m_fd = -1;
    int m_receiveTimeoutMs = 0;
    QByteArray m_out; // the request being sent, its buffer kept from one to the next
    FrameReader m_reader{kDefaultMaxFrame * 4};
    qint64 m_nextId = 1;
};

} // namespace infrastage::db
