#include "dbnode.h"

#include "dbconnection.h"
#include "dbserver.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "queryanswer.h"
#include "replicationclient.h"
#include "replicationsource.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace infrastage::db {

using roles::EventEmitter::emitEvent;
using roles::EventEmitter::nowNs;

namespace {

QCborMap failure(qint64 id, DbErrorCode code, const QString &why) {
    return QCborMap{{QStringLiteral("id"), id},
                    {QStringLiteral("ok"), false},
                    {QStringLiteral("code"), int(code)},
                    {QStringLiteral("error"), why}};
}

bool readStatement(const QCborMap &m, DbStatement *st) {
    const QCborValue sql = m.value(QLatin1String("sql"));
    const QCborValue params = m.value(QLatin1String("params"));
    if (!sql.isString() || !(params.isArray() || params.isUndefined() || params.isNull()))
        return false;
    st->sql = sql.toString();
    st->params = params.toArray();
    return true;
}

} // namespace

DbNode::DbNode(QObject *parent)
    : QObject(parent) {}

DbNode::~DbNode() {
    stop();
}

bool DbNode::start(const Settings &settings, QString *error) {
    m_settings = settings;
    if (!QDir().mkpath(settings.dataDir)) {
        *error = QStringLiteral("cannot create data directory %1").arg(settings.dataDir);
        return false;
    }
    if (!m_store.open(QDir(settings.dataDir).filePath(QStringLiteral("db.sqlite")),
                      settings.syncFull, error))
        return false;
    if (!m_relay.open(QDir(settings.dataDir).filePath(QStringLiteral("relay.log")), error))
        return false;
    replayRelay(false);
    // A replica configuration is always honoured (the orchestrator demoted or repointed this
    // server). Otherwise what it became in an earlier life wins when that is safer: a server
    // fenced or turned replica after a failover must not come back as a second primary.
    m_role = settings.role;
    m_primary = settings.primary;
    const QString storedRole = m_store.meta(QStringLiteral("role"));
    if (settings.role == QLatin1String("primary") && !storedRole.isEmpty() &&
        storedRole != QLatin1String("primary")) {
        m_role = storedRole;
        const QString stored = m_store.meta(QStringLiteral("primary"));
        if (!stored.isEmpty())
            m_primary = DbEndpoint::fromJson(QJsonDocument::fromJson(stored.toUtf8()).object());
    }
    if (m_role == QLatin1String("replica") && !m_primary.isValid()) {
        *error = QStringLiteral("a replica needs \"primary\": {\"id\", \"address\", \"port\"}");
        return false;
    }
    m_server = new DbServer(
        settings.maxFrame, [this](DbConnection *c, const DbRequest &r) { handle(c, r); }, this);
    if (!m_server->listen(settings.listenAddress, settings.port, settings.fallback, error))
        return false;
    m_source = new ReplicationSource(&m_store, settings.serverId, this);
    m_source->setSemisync(settings.semisync, settings.semisyncTimeoutMs);
    // Persisted quietly: the first event of a node must be "ready".
    m_store.setMeta(QStringLiteral("role"), m_role);
    m_store.setMeta(
        QStringLiteral("primary"),
        QString::fromUtf8(QJsonDocument(m_primary.toJson()).toJson(QJsonDocument::Compact)));
    if (m_role == QLatin1String("replica"))
        startReplica();
    return true;
}

void DbNode::stop() {
    stopReplica();
    if (m_source)
        m_source->dropAll();
    if (m_server)
        m_server->closeAll();
}

QString DbNode::address() const {
    return m_server ? m_server->address() : QString();
}

quint16 DbNode::port() const {
    return m_server ? m_server->port() : 0;
}

void DbNode::startReplica() {
    stopReplica();
    // A delayed replica acknowledges what it applied (its relay would be the delayed entries).
    m_replica = new ReplicationClient(&m_store, m_settings.delayMs > 0 ? nullptr : &m_relay,
                                      m_primary, m_settings.listenAddress, m_settings.serverId,
                                      m_settings.delayMs, this);
    // A replica can feed replicas of its own (a chain), and must once it is promoted.
    connect(m_replica, &ReplicationClient::applied, m_source, &ReplicationSource::publish);
    if (m_server->isCut(m_primary.address))
        m_replica->setCut(true);
    m_replica->setApplySlowMs(m_settings.slowMs);
    m_replica->start();
}

void DbNode::stopReplica() {
    if (!m_replica)
        return;
    m_replica->stop();
    m_replica->deleteLater();
    m_replica = nullptr;
}

void DbNode::replayRelay(bool report) {
    int applied = 0;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    // Not reported at start (the first event must be "ready"): a replica's own replay reports.
    if (!m_relay.replay(&m_store, &applied, &code, &error) && report)
        emitEvent(EventKind::ReplicationError,
                  QJsonObject{{QStringLiteral("code"), int(code)},
                              {QStringLiteral("error"), QStringLiteral("relay log: ") + error},
                              {QStringLiteral("applied"), m_store.lastSeq()}});
}

void DbNode::setRole(const QString &role, const QString &reason) {
    m_role = role;
    m_store.setMeta(QStringLiteral("role"), role);
    m_store.setMeta(
        QStringLiteral("primary"),
        QString::fromUtf8(QJsonDocument(m_primary.toJson()).toJson(QJsonDocument::Compact)));
    QJsonObject d{{QStringLiteral("role"), role},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("seq"), m_store.lastSeq()}};
    if (role != QLatin1String("primary"))
        d.insert(QStringLiteral("primary"), m_primary.toJson());
    emitEvent(EventKind::DbRole, d);
}

void DbNode::promote(const QString &reason) {
    stopReplica();
    replayRelay(true); // acknowledged transactions are part of the history it continues
    m_primary = DbEndpoint{roles::EventEmitter::node(), address(), port()};
    setRole(QStringLiteral("primary"), reason);
}

void DbNode::repoint(const DbEndpoint &primary, const QString &reason) {
    if (!primary.isValid() || (primary.address == address() && primary.port == port())) {
        emitEvent(EventKind::ControlError,
                  QJsonObject{{QStringLiteral("error"),
                               QStringLiteral("repoint needs another server's address and port")}});
        return;
    }
    m_primary = primary;
    m_source->setSemisync(m_settings.semisync, m_settings.semisyncTimeoutMs); // release waiters
    setRole(QStringLiteral("replica"), reason);
    startReplica();
}

void DbNode::fence(const DbEndpoint &primary, const QString &reason) {
    stopReplica();
    if (primary.isValid())
        m_primary = primary;
    m_source->setSemisync(m_settings.semisync, m_settings.semisyncTimeoutMs);
    setRole(QStringLiteral("fenced"), reason);
    emitEvent(EventKind::DbFenced, QJsonObject{{QStringLiteral("reason"), reason},
                                               {QStringLiteral("seq"), m_store.lastSeq()},
                                               {QStringLiteral("primary"), m_primary.toJson()}});
}

void DbNode::setSlow(int ms) {
    m_settings.slowMs = qMax(0, ms);
    m_server->setDelayMs(m_settings.slowMs);
    if (m_replica)
        m_replica->setApplySlowMs(m_settings.slowMs);
}

void DbNode::cut(const QString &peer) {
    m_server->cut(peer);
    if (m_replica && m_replica->primary().address == peer)
        m_replica->setCut(true);
}

void DbNode::heal(const QString &peer) {
    m_server->heal(peer);
    if (m_replica && m_replica->primary().address == peer)
        m_replica->setCut(false);
}

QString DbNode::readOnlyMessage() const {
    if (m_role == QLatin1String("fenced"))
        return QStringLiteral("read-only: this server was fenced after a failover; the primary "
                              "is %1")
            .arg(m_primary.describe());
    return QStringLiteral("read-only: this server is a replica; send writes to the primary %1")
        .arg(m_primary.describe());
}

void DbNode::handle(DbConnection *c, const DbRequest &r) {
    if (m_replica)
        m_replica->catchUp(); // what this replica acknowledged is visible to the request
    // The write path's requests, read straight from their frames.
    if (r.isScanned() && r.op() == QLatin1String("query")) {
        enqueue(c, r.id(), r.trace(), {DbStatement{r.sql(), r.params()}});
        return;
    }
    if (r.isScanned() && r.op() == QLatin1String("ack")) {
        m_source->acknowledge(c, r.seq(), r.lagNs());
        return;
    }
    const QCborMap request = r.map();
    const qint64 id = r.id();
    const QString &op = r.op();
    if (op == QLatin1String("query")) {
        DbStatement st;
        if (!readStatement(request, &st)) {
            c->send(failure(id, DbErrorCode::BadRequest,
                            QStringLiteral("query needs \"sql\" (text) and \"params\" (array)")));
            c->finish();
            return;
        }
        enqueue(c, id, request.value(QLatin1String("trace")).toString(), {st});
    } else if (op == QLatin1String("transaction")) {
        QList<DbStatement> list;
        const QCborValue statements = request.value(QLatin1String("statements"));
        bool ok = statements.isArray() && !statements.toArray().isEmpty();
        for (const QCborValue &v : statements.toArray()) {
            DbStatement st;
            ok = ok && v.isMap() && readStatement(v.toMap(), &st);
            list.append(st);
        }
        if (!ok) {
            c->send(failure(id, DbErrorCode::BadRequest,
                            QStringLiteral("transaction needs \"statements\": [{\"sql\", "
                                           "\"params\"}, ...]")));
            c->finish();
            return;
        }
        enqueue(c, id, request.value(QLatin1String("trace")).toString(), std::move(list));
    } else if (op == QLatin1String("subscribe")) {
        m_source->subscribe(c, request);
    } else if (op == QLatin1String("ack")) {
        m_source->acknowledge(c, request.value(QLatin1String("seq")).toInteger(0),
                              request.value(QLatin1String("lag_ns")).toInteger(0));
    } else if (op == QLatin1String("admin")) {
        admin(c, request);
    } else {
        QCborMap answer{{QStringLiteral("id"), id},
                        {QStringLiteral("ok"), true},
                        {QStringLiteral("served_by"), roles::EventEmitter::node()},
                        {QStringLiteral("role"), m_role}};
        if (op == QLatin1String("status")) {
            const QCborMap s = status(request.value(QLatin1String("lag_samples")).toBool(false));
            for (auto it = s.cbegin(); it != s.cend(); ++it)
                answer.insert(it.key(), it.value());
        } else if (op == QLatin1String("checksum")) {
            answer.insert(QStringLiteral("tables"), m_store.checksum());
            answer.insert(QStringLiteral("seq"), m_store.lastSeq());
        } else if (op != QLatin1String("ping")) {
            answer = failure(id, DbErrorCode::UnknownOp,
                             QStringLiteral("unknown op \"%1\"").arg(op.left(64)));
        }
        c->send(answer);
        c->finish();
    }
}

void DbNode::enqueue(DbConnection *c, qint64 id, const QString &trace,
                     QList<DbStatement> statements) {
    m_group.append({c, id, trace.left(64), std::move(statements)});
    if (!m_groupPosted) {
        m_groupPosted = true;
        QMetaObject::invokeMethod(this, &DbNode::commitGroup, Qt::QueuedConnection);
    }
}

void DbNode::commitGroup() {
    m_groupPosted = false;
    const QList<Queued> group = std::exchange(m_group, {});
    if (group.isEmpty())
        return;
    QList<QList<DbStatement>> requests;
    requests.reserve(group.size());
    for (const Queued &q : group)
        requests.append(q.statements);
    const qint64 t0 = nowNs();
    const bool writable = m_role == QLatin1String("primary");
    const QList<ExecOutcome> outs =
        m_store.executeGroup(requests, writable, m_settings.serverId, t0);
    const qint64 us = (nowNs() - t0) / 1000;
    QList<BinlogEntry> entries;
    for (const ExecOutcome &out : outs) {
        if (out.entry.seq > 0)
            entries.append(out.entry);
    }
    // Semi-sync: the replication stream first (one write per replica), the answers wait for an
    // acknowledgement. Asynchronous: the answers first, then the stream, as MySQL's binlog dump
    // thread sends what was committed after the client heard back; the writer goes on while
    // the replica is woken, and a primary killed in between loses exactly what the replica did
    // not receive, which asynchronous replication counts as lost either way.
    const bool semisync = m_source->semisyncActive();
    if (semisync && !entries.isEmpty())
        m_source->publish(entries);
    // Only a server that does not write refuses with the message that names the primary.
    const QueryAnswer::Context context{m_role, writable ? QString() : readOnlyMessage(),
                                       m_store.lastSeq(), us, int(group.size())};
    for (qsizetype i = 0; i < group.size(); ++i) {
        const Queued &q = group.at(i);
        const QueryAnswer answer(q.id, q.trace, q.statements, outs.at(i), context);
        if (answer.seq() > 0 && semisync) {
            m_source->waitForAck(answer.seq(), [conn = q.connection, answer](bool acked) {
                answer.deliver(conn, acked ? 1 : 0);
            });
            continue;
        }
        answer.deliver(q.connection, -1);
    }
    if (!semisync && !entries.isEmpty())
        m_source->publish(entries);
}

void DbNode::admin(DbConnection *c, const QCborMap &request) {
    // What failover tools do over a MySQL connection (SET GLOBAL read_only, CHANGE MASTER TO):
    // the same commands as the control channel, for a manager that only has the address.
    const QString cmd = request.value(QLatin1String("cmd")).toString();
    const QString reason =
        request.value(QLatin1String("reason")).toString(QStringLiteral("admin request"));
    const QCborMap p = request.value(QLatin1String("primary")).toMap();
    const DbEndpoint primary{p.value(QLatin1String("id")).toString(),
                             p.value(QLatin1String("address")).toString(),
                             quint16(p.value(QLatin1String("port")).toInteger(0))};
    const qint64 id = request.value(QLatin1String("id")).toInteger(0);
    if (cmd == QLatin1String("promote")) {
        promote(reason);
    } else if (cmd == QLatin1String("fence")) {
        fence(primary, reason);
    } else if (cmd == QLatin1String("repoint") && primary.isValid()) {
        repoint(primary, reason);
    } else {
        c->send(failure(id, DbErrorCode::BadRequest,
                        QStringLiteral("admin needs \"cmd\": promote, fence, or repoint with "
                                       "\"primary\": {id, address, port}")));
        c->finish();
        return;
    }
    c->send(QCborMap{{QStringLiteral("id"), id},
                     {QStringLiteral("ok"), true},
                     {QStringLiteral("served_by"), roles::EventEmitter::node()},
                     {QStringLiteral("role"), m_role},
                     {QStringLiteral("seq"), m_store.lastSeq()}});
    c->finish();
}

QCborMap DbNode::status(bool samples) const {
    QCborMap s{{QStringLiteral("server_id"), m_settings.serverId},
               {QStringLiteral("read_only"), m_role != QLatin1String("primary")},
               {QStringLiteral("seq"), m_store.lastSeq()},
               {QStringLiteral("origin"), m_store.lastOrigin()},
               {QStringLiteral("semisync"),
                QCborMap{{QStringLiteral("configured"), m_source->semisyncConfigured()},
                         {QStringLiteral("active"), m_source->semisyncActive()},
                         {QStringLiteral("timeout_ms"), m_settings.semisyncTimeoutMs}}},
               {QStringLiteral("replicas"), m_source->replicas()}};
    if (m_role != QLatin1String("primary"))
        s.insert(QStringLiteral("primary"), QCborMap{{QStringLiteral("id"), m_primary.id},
                                                     {QStringLiteral("address"), m_primary.address},
                                                     {QStringLiteral("port"), m_primary.port}});
    if (m_replica) {
        s.insert(QStringLiteral("replication"), m_replica->status());
        if (samples) {
            s.insert(QStringLiteral("lag_samples_us"), m_replica->lagSamples());
            s.insert(QStringLiteral("row_lag_samples_us"), m_replica->rowLagSamples());
        }
    }
    return s;
}

} // namespace infrastage::db
