#pragma once

#include "dbendpoint.h"
#include "dbstore.h"
#include "relaylog.h"

#include <QCborMap>
#include <QObject>
#include <QPointer>

namespace infrastage::db {

class DbConnection;
class DbRequest;
class DbServer;
class ReplicationClient;
class ReplicationSource;

// One database server: its store, its listener, and its place in replication (primary,
// replica or fenced). The role is persisted in the data directory, so a promoted replica stays
// primary and a fenced server stays read-only across restarts.
class DbNode final : public QObject {
    Q_OBJECT

public:
    struct Settings {
        QString dataDir;
        qint64 serverId = 1;
        QString role = QStringLiteral("primary");
        DbEndpoint primary;
        bool semisync = false;
        int semisyncTimeoutMs = 1000;
        int delayMs = 0;
        QString listenAddress = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        bool fallback = true;
        bool syncFull = false;
        qsizetype maxFrame = 16 * 1024 * 1024;
        int slowMs = 0; // {"cmd":"slow"}: requests wait, a replica applies slowly
    };

    explicit DbNode(QObject *parent = nullptr);
    ~DbNode() override;

    bool start(const Settings &settings, QString *error);
    void stop();

    QString role() const { return m_role; }
    QString address() const;
    quint16 port() const;
    qint64 lastSeq() const { return m_store.lastSeq(); }
    // What the admin "status" request answers (role, position, replication), for /metrics.
    QCborMap statusMap() const { return status(false); }

    void promote(const QString &reason);
    void repoint(const DbEndpoint &primary, const QString &reason);
    void fence(const DbEndpoint &primary, const QString &reason);
    void setSlow(int ms);
    void cut(const QString &peer);
    void heal(const QString &peer);

private:
    void handle(DbConnection *c, const DbRequest &request);
    void admin(DbConnection *c, const QCborMap &request);
    // Group commit: requests that arrive in one pass of the event loop (from any connection)
    // wait in m_group and run together in one SQLite transaction at the start of the next
    // pass, so concurrent writers share one commit and one replication write.
    void enqueue(DbConnection *c, qint64 id, const QString &trace, QList<DbStatement> statements);
    void commitGroup();
    QCborMap status(bool samples) const;
    QString readOnlyMessage() const;
    void setRole(const QString &role, const QString &reason);
    void startReplica();
    // Applies what the relay log holds beyond the store's position; report: emit a failure.
    void replayRelay(bool report);
    void stopReplica();

    struct Queued {
        QPointer<DbConnection> connection;
        qint64 id = 0;
        QString trace;
        QList<DbStatement> statements;
    };

    mutable DbStore m_store;
    RelayLog m_relay;
    QList<Queued> m_group;
    bool m_groupPosted = false;
    Settings m_settings;
    QString m_role;
    DbEndpoint m_primary;
    DbServer *m_server = nullptr;
    ReplicationSource *m_source = nullptr;
    ReplicationClient *m_replica = nullptr;
};

} // namespace infrastage::db
