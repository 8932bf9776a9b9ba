#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace infrastage::db {
class DbClient;
}

namespace infrastage::runtime {

// Automatic failover for one replication group (the topology option auto_failover): probes every
// database over its own protocol; when the primary has been unreachable for failoverTimeoutMs,
// promotes the most advanced reachable replica and repoints the others (or lets the host do it,
// see setPromoter); when the old primary comes back it is fenced (read-only) and pointed at the
// new primary, where a diverged history is detected and reported by the database itself.
// Every step is narrated through `step`.
class FailoverManager final : public QObject {
    Q_OBJECT

public:
    struct Member {
        QString id;
        QString address;
        quint16 port = 0;
    };
    struct Options {
        int failoverTimeoutMs = 3000;
        bool fencing = true;
        int probeIntervalMs = 200;
    };
    // The host's way to promote (e.g. the orchestrator, which also repoints the applications):
    // true when done. Without one the manager promotes and repoints over the database protocol.
    using Promoter = std::function<bool(const QString &replica, QString *error)>;

    FailoverManager(const QString &primary, const QList<Member> &members, const Options &options,
                    QObject *parent = nullptr);
    ~FailoverManager() override;

    void setPromoter(Promoter promoter) { m_promoter = std::move(promoter); }
    // Where its probes connect from (runtime::FirewallConfig::managementAddress(), which host
    // firewalls let through); empty (the default): the system's choice. Call before start().
    void setSourceAddress(const QString &address) { m_sourceAddress = address; }
    void start();
    void stop();
    QString primary() const { return m_primary; }

signals:
    // kind: failover.suspect, failover.recovered, failover.promote, failover.repoint,
    // failover.no_candidate, failover.fence, failover.diverged, failover.done
    void step(const QString &node, const QString &kind, const QJsonObject &details);

private:
    struct Probe {
        Member member;
        std::unique_ptr<db::DbClient> client;
        qint64 lastOkMs = -1;
        bool inFlight = false;
        qint64 seq = 0;
        QString role;
        QString replicationState;
    };
    void probeAll();
    void onStatus(Probe &p, bool ok, qint64 seq, const QString &role, const QString &replState);
    void failover();
    void admin(Probe &p, const QString &cmd, const Member *primary, const QString &reason);
    Probe *find(const QString &id);
    qint64 now() const { return m_clock.elapsed(); }

    QString m_primary;
    Options m_options;
    QString m_sourceAddress;
    std::vector<std::unique_ptr<Probe>> m_probes;
    Promoter m_promoter;
    QTimer m_timer;
    QElapsedTimer m_clock;
    bool m_suspect = false;
    QSet<QString> m_fenceOnReturn;
    QSet<QString> m_reportedDiverged;
};

} // namespace infrastage::runtime
