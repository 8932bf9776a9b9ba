#include "failovermanager.h"

#include "dbclient.h"
#include "events/eventkind.h"

namespace infrastage::runtime {

using db::DbClient;
using db::DbResult;

FailoverManager::FailoverManager(const QString &primary, const QList<Member> &members,
                                 const Options &options, QObject *parent)
    : QObject(parent)
    , m_primary(primary)
    , m_options(options) {
    for (const Member &m : members) {
        auto p = std::make_unique<Probe>();
        p->member = m;
        p->client = std::make_unique<DbClient>();
        p->client->setRequestTimeout(qMax(100, options.probeIntervalMs * 3));
        m_probes.push_back(std::move(p));
    }
    m_timer.setInterval(options.probeIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FailoverManager::probeAll);
}

FailoverManager::~FailoverManager() = default;

void FailoverManager::start() {
    m_clock.start();
    for (auto &p : m_probes)
        p->lastOkMs = 0; // everyone is presumed alive at the start
    m_timer.start();
    probeAll();
}

void FailoverManager::stop() {
    m_timer.stop();
    for (auto &p : m_probes)
        p->client->disconnectFromServer();
}

FailoverManager::Probe *FailoverManager::find(const QString &id) {
    for (auto &p : m_probes) {
        if (p->member.id == id)
            return p.get();
    }
    return nullptr;
}

void FailoverManager::probeAll() {
    for (auto &up : m_probes) {
        Probe &p = *up;
        if (p.inFlight)
            continue;
        if (!p.client->isConnected()) {
            // Reconnect and probe next round; a refused server simply stays unreachable.
            p.client->connectToServer(p.member.address, p.member.port, m_sourceAddress);
            continue;
        }
        p.inFlight = true;
        Probe *pp = &p;
        p.client->request(QCborMap{{QStringLiteral("op"), QStringLiteral("status")}},
                          [this, pp](const DbResult &r) {
                              pp->inFlight = false;
                              const QCborMap repl =
                                  r.raw().value(QLatin1String("replication")).toMap();
                              onStatus(*pp, r.ok, r.raw().value(QLatin1String("seq")).toInteger(0),
                                       r.role, repl.value(QLatin1String("state")).toString());
                          });
    }
    Probe *primary = find(m_primary);
    if (!primary)
        return;
    const qint64 silent = now() - primary->lastOkMs;
    if (!m_suspect && silent > m_options.probeIntervalMs * 3) {
        m_suspect = true;
        emit step(m_primary, EventKind::FailoverSuspect,
                  QJsonObject{{QStringLiteral("silent_ms"), silent},
                              {QStringLiteral("failover_in_ms"),
                               qMax<qint64>(0, m_options.failoverTimeoutMs - silent)}});
    }
    if (silent > m_options.failoverTimeoutMs)
        failover();
}

void FailoverManager::onStatus(Probe &p, bool ok, qint64 seq, const QString &role,
                               const QString &replState) {
    if (!ok)
        return;
    p.lastOkMs = now();
    p.seq = seq;
    p.role = role;
    p.replicationState = replState;
    if (p.member.id == m_primary && m_suspect) {
        m_suspect = false;
        emit step(p.member.id, EventKind::FailoverRecovered,
                  QJsonObject{{QStringLiteral("note"),
                               QStringLiteral("the primary answered again before the timeout")}});
    }
    if (m_fenceOnReturn.contains(p.member.id) && role == QLatin1String("primary")) {
        // The old primary is back and still believes it is the primary: two primaries now.
        m_fenceOnReturn.remove(p.member.id);
        Probe *np = find(m_primary);
        if (m_options.fencing && np) {
            admin(p, QStringLiteral("fence"), &np->member,
                  QStringLiteral("old primary returned after failover to %1").arg(m_primary));
            emit step(p.member.id, EventKind::FailoverFence,
                      QJsonObject{{QStringLiteral("new_primary"), m_primary},
                                  {QStringLiteral("seq"), seq}});
            // As a replica of the new primary it either catches up or reports the divergence.
            admin(p, QStringLiteral("repoint"), &np->member,
                  QStringLiteral("rejoin as a replica of %1").arg(m_primary));
        } else {
            emit step(p.member.id, EventKind::FailoverSplitBrainRisk,
                      QJsonObject{{QStringLiteral("note"),
                                   QStringLiteral("fencing is off: %1 accepts writes beside %2")
                                       .arg(p.member.id, m_primary)}});
        }
    }
    if (replState == QLatin1String("diverged") && !m_reportedDiverged.contains(p.member.id)) {
        m_reportedDiverged.insert(p.member.id);
        emit step(p.member.id, EventKind::FailoverDiverged,
                  QJsonObject{{QStringLiteral("primary"), m_primary},
                              {QStringLiteral("note"),
                               QStringLiteral("%1 accepted writes %2 never saw; nothing was merged")
                                   .arg(p.member.id, m_primary)}});
    }
}

void FailoverManager::admin(Probe &p, const QString &cmd, const Member *primary,
                            const QString &reason) {
    QCborMap m{{QStringLiteral("op"), QStringLiteral("admin")},
               {QStringLiteral("cmd"), cmd},
               {QStringLiteral("reason"), reason}};
    if (primary)
        m.insert(QStringLiteral("primary"), QCborMap{{QStringLiteral("id"), primary->id},
                                                     {QStringLiteral("address"), primary->address},
                                                     {QStringLiteral("port"), primary->port}});
    p.client->request(m, [](const DbResult &) {});
}

void FailoverManager::failover() {
    const QString old = m_primary;
    // The most advanced replica that answered recently wins; ties go to the first listed.
    Probe *best = nullptr;
    for (auto &up : m_probes) {
        Probe &p = *up;
        if (p.member.id == old || now() - p.lastOkMs > m_options.probeIntervalMs * 5 ||
            p.role != QLatin1String("replica") || p.replicationState == QLatin1String("diverged"))
            continue;
        if (!best || p.seq > best->seq)
            best = &p;
    }
    if (!best) {
        emit step(
            old, EventKind::FailoverNoCandidate,
            QJsonObject{{QStringLiteral("note"),
                         QStringLiteral("no reachable replica to promote; writes stay down")}});
        find(old)->lastOkMs = now(); // try again after another full timeout, not every probe
        return;
    }
    emit step(best->member.id, EventKind::FailoverPromote,
              QJsonObject{{QStringLiteral("old_primary"), old},
                          {QStringLiteral("seq"), best->seq},
                          {QStringLiteral("reason"),
                           QStringLiteral("%1 unreachable for more than %2 ms; %3 is the most "
                                          "advanced replica (transaction %4)")
                               .arg(old)
                               .arg(m_options.failoverTimeoutMs)
                               .arg(best->member.id)
                               .arg(best->seq)}});
    m_primary = best->member.id;
    m_suspect = false;
    m_fenceOnReturn.insert(old);
    QString error;
    if (m_promoter) {
        if (!m_promoter(best->member.id, &error))
            emit step(best->member.id, EventKind::FailoverError,
                      QJsonObject{{QStringLiteral("error"), error}});
    } else {
        admin(*best, QStringLiteral("promote"), nullptr,
              QStringLiteral("automatic failover from %1").arg(old));
        for (auto &up : m_probes) {
            Probe &p = *up;
            if (p.member.id == old || &p == best)
                continue;
            admin(p, QStringLiteral("repoint"), &best->member,
                  QStringLiteral("automatic failover from %1").arg(old));
            emit step(p.member.id, EventKind::FailoverRepoint,
                      QJsonObject{{QStringLiteral("primary"), best->member.id}});
        }
    }
    emit step(best->member.id, EventKind::FailoverDone,
              QJsonObject{{QStringLiteral("primary"), best->member.id},
                          {QStringLiteral("old_primary"), old}});
}

} // namespace infrastage::runtime
