// MariaDB for each database: my.cnf (server_id, row-based binary log, GTID, read_only on
// replicas, semi-synchronous replication when chosen) and the SQL that sets up replication.
#include "configwriter.h"

namespace infrastage {

namespace {

// Passwords are placeholders the README tells the user to change before deploying.
constexpr const char *kReplicationPassword = "change-me-replication";
constexpr const char *kAppPassword = "change-me-app";

bool isReplica(const Node &db) {
    return db.text(QStringLiteral("role")) == QLatin1String("replica");
}

int serverId(const TopologyData &t, const Node &db) {
    int id = 0;
    for (const Node &n : t.nodes()) {
        if (n.kind == NodeKind::Database) {
            ++id;
            if (n.id == db.id)
                return id;
        }
    }
    return id;
}

const Node *primaryOf(const TopologyData &t, const Node &db) {
    for (const Link *l : t.linksTo(db.id)) {
        if (l->kind == LinkKind::Replication)
            return t.node(l->from);
    }
    return nullptr;
}

QString myCnf(const ConfigContext &ctx, const Node &db) {
    const Node &host = ctx.host(db);
    const bool replica = isReplica(db);
    const bool semisync = db.text(QStringLiteral("replication")) == QLatin1String("semisync");
    QString s;
    s += QStringLiteral("# MariaDB for %1 on %2 (%3): the %4. Exported by Infrastage.\n"
                        "# Debian: /etc/mysql/mariadb.conf.d/60-infrastage.cnf\n\n[mysqld]\n")
             .arg(db.name, host.name, host.text(QStringLiteral("ip")),
                  replica ? QStringLiteral("replica") : QStringLiteral("primary"));
    s += QStringLiteral("server_id = %1\n").arg(serverId(ctx.topology(), db));
    s += QStringLiteral("bind_address = %1\n")
             .arg(ctx.compose() ? QStringLiteral("0.0.0.0") : ctx.bindAddress(host));
    s += QStringLiteral("port = %1\n").arg(db.number(QStringLiteral("port")));
    s += QStringLiteral("# Row-based binary log with global transaction ids: what replicas read.\n"
                        "log_bin = mysql-bin\nbinlog_format = ROW\nsync_binlog = 1\n"
                        "binlog_expire_logs_seconds = 604800\n"
                        "gtid_strict_mode = ON\nlog_slave_updates = ON\nrelay_log = relay-bin\n"
                        "innodb_flush_log_at_trx_commit = 1\n");
    if (replica)
        s += QStringLiteral("# A replica takes writes only from its primary.\nread_only = ON\n");
    if (semisync) {
        s += replica ? QStringLiteral("rpl_semi_sync_slave_enabled = ON\n")
                     : QStringLiteral("rpl_semi_sync_master_enabled = ON\n"
                                      "rpl_semi_sync_master_timeout = %1\n")
                           .arg(db.number(QStringLiteral("semisync_timeout")));
    }
    return s;
}

// The hosts whose applications use `db`, and the hosts of the replicas it feeds.
QStringList clients(const ConfigContext &ctx, const Node &db, LinkKind kind) {
    QStringList out;
    const TopologyData &t = ctx.topology();
    const QList<const Link *> links =
        kind == LinkKind::Data ? t.linksTo(db.id) : t.linksFrom(db.id);
    for (const Link *l : links) {
        const Node *other = t.node(kind == LinkKind::Data ? l->from : l->to);
        if (l->kind != kind || !other)
            continue;
        const Node &h = ctx.host(*other);
        const QString a = h.id == ctx.host(db).id ? QStringLiteral("localhost")
                          : ctx.compose()         ? QStringLiteral("%")
                                                  : ctx.address(h);
        if (!out.contains(a))
            out.append(a);
    }
    return out;
}

QString setupSql(const ConfigContext &ctx, const Node &db) {
    const QString database = ctx.databaseName();
    QString s;
    s += QStringLiteral("-- Replication set-up for %1 on %2. Run once: mariadb < replication.sql\n")
             .arg(db.name, ctx.host(db).name);
    if (isReplica(db)) {
        // Accounts made here must not enter this replica's own binary log (errant GTIDs).
        s += QStringLiteral("SET sql_log_bin = 0;\n");
    }
    s += QStringLiteral("CREATE DATABASE IF NOT EXISTS `%1`;\n").arg(database);
    for (const QString &h : clients(ctx, db, LinkKind::Data)) {
        s += QStringLiteral("CREATE USER IF NOT EXISTS 'app'@'%1' IDENTIFIED BY '%2';\n")
                 .arg(h, QLatin1String(kAppPassword));
        s += QStringLiteral("GRANT %1 ON `%2`.* TO 'app'@'%3';\n")
                 .arg(isReplica(db) ? QStringLiteral("SELECT") : QStringLiteral("ALL PRIVILEGES"),
                      database, h);
    }
    for (const QString &h : clients(ctx, db, LinkKind::Replication)) {
        s += QStringLiteral("CREATE USER IF NOT EXISTS 'repl'@'%1' IDENTIFIED BY '%2';\n")
                 .arg(h, QLatin1String(kReplicationPassword));
        s += QStringLiteral("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%1';\n").arg(h);
    }
    const Node *primary = isReplica(db) ? primaryOf(ctx.topology(), db) : nullptr;
    if (isReplica(db))
        s += QStringLiteral("SET sql_log_bin = 1;\n");
    if (primary) {
        const qint64 delayMs = db.number(QStringLiteral("delay"));
        s += QStringLiteral("CHANGE MASTER TO\n  MASTER_HOST = '%1',\n  MASTER_PORT = %2,\n"
                            "  MASTER_USER = 'repl',\n  MASTER_PASSWORD = '%3',\n"
                            "  MASTER_USE_GTID = slave_pos,\n  MASTER_CONNECT_RETRY = 5")
                 .arg(ctx.address(ctx.host(*primary)))
                 .arg(primary->number(QStringLiteral("port")))
                 .arg(QLatin1String(kReplicationPassword));
        if (delayMs > 0)
            s += QStringLiteral(",\n  MASTER_DELAY = %1").arg((delayMs + 999) / 1000);
        s += QStringLiteral(";\nSTART SLAVE;\n");
    } else if (isReplica(db)) {
        s += QStringLiteral("-- No primary replicates to this replica in the design.\n");
    }
    return s;
}

class MariadbConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("mariadb"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        QSet<QString> seen;
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind != NodeKind::Database)
                continue;
            const Node &host = ctx.host(n);
            // One MariaDB per machine; a second database on a host gets its own file names.
            const QString suffix = seen.contains(host.id) ? QLatin1Char('-') + n.id : QString();
            seen.insert(host.id);
            const QString dir = ConfigContext::hostDir(host);
            out.append({dir + QStringLiteral("/my%1.cnf").arg(suffix), myCnf(ctx, n).toUtf8()});
            out.append({dir + QStringLiteral("/replication%1.sql").arg(suffix),
                        setupSql(ctx, n).toUtf8()});
        }
        return out;
    }
};

const MariadbConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
