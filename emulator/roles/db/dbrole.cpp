#include "dbrole.h"

#include "eventemitter.h"
#include "events/eventkind.h"

#include <QDir>
#include <QJsonObject>

namespace infrastage::db {

namespace {
roles::RoleRegistration registration("db", [] { return std::make_unique<DbRole>(); });
}

DbRole::DbRole(QObject *parent)
    : Role(parent)
    , m_metrics([this] { return m_node.statusMap(); }) {}

bool DbRole::start(const QJsonObject &config, QString *error) {
    DbNode::Settings s;
    const QJsonObject listen = config.value(QLatin1String("listen")).toObject();
    s.listenAddress = listen.value(QLatin1String("address")).toString(QStringLiteral("127.0.0.1"));
    s.port = quint16(listen.value(QLatin1String("port")).toInt(0));
    s.fallback = listen.value(QLatin1String("fallback")).toBool(true);
    s.dataDir = config.value(QLatin1String("data_dir")).toString();
    if (s.dataDir.isEmpty()) {
        const QString runDir = config.value(QLatin1String("run_dir")).toString();
        if (runDir.isEmpty()) {
            *error = QStringLiteral("config needs \"data_dir\" (or \"run_dir\")");
            return false;
        }
        s.dataDir = QDir(runDir).filePath(roles::EventEmitter::node() + QStringLiteral("-data"));
    }
    s.serverId = config.value(QLatin1String("server_id")).toInteger(1);
    s.role = config.value(QLatin1String("role")).toString(QStringLiteral("primary"));
    if (s.role != QLatin1String("primary") && s.role != QLatin1String("replica")) {
        *error =
            QStringLiteral("\"role\" must be \"primary\" or \"replica\", not \"%1\"").arg(s.role);
        return false;
    }
    s.primary = DbEndpoint::fromJson(config.value(QLatin1String("primary")).toObject());
    const QString mode =
        config.value(QLatin1String("replication")).toString(QStringLiteral("async"));
    if (mode != QLatin1String("async") && mode != QLatin1String("semisync")) {
        *error = QStringLiteral("\"replication\" must be \"async\" or \"semisync\"");
        return false;
    }
    s.semisync = mode == QLatin1String("semisync");
    s.semisyncTimeoutMs = config.value(QLatin1String("semisync_timeout")).toInt(1000);
    s.delayMs = qMax(0, config.value(QLatin1String("delay")).toInt(0));
    s.syncFull = config.value(QLatin1String("sync")).toString() == QLatin1String("full");
    s.maxFrame = qBound(qint64(1024), config.value(QLatin1String("max_frame")).toInteger(16 << 20),
                        qint64(256) << 20);
    if (!m_node.start(s, error))
        return false;
    QJsonObject extras{{QStringLiteral("role"), m_node.role()},
                       {QStringLiteral("server_id"), s.serverId},
                       {QStringLiteral("seq"), m_node.lastSeq()},
                       {QStringLiteral("replication"), mode}};
    if (config.contains(QLatin1String("metrics"))) {
        if (!m_metrics.start(config.value(QLatin1String("metrics")).toObject(), error))
            return false;
        extras.insert(QStringLiteral("metrics_port"), m_metrics.port());
    }
    roles::EventEmitter::ready(m_node.address(), m_node.port(), extras);
    return true;
}

void DbRole::control(const QJsonObject &command) {
    const QString cmd = command.value(QLatin1String("cmd")).toString();
    const QString reason =
        command.value(QLatin1String("reason")).toString(QStringLiteral("control command"));
    if (cmd == QLatin1String("promote")) {
        m_node.promote(reason);
    } else if (cmd == QLatin1String("repoint")) {
        m_node.repoint(DbEndpoint::fromJson(command.value(QLatin1String("primary")).toObject()),
                       reason);
    } else if (cmd == QLatin1String("fence")) {
        m_node.fence(DbEndpoint::fromJson(command.value(QLatin1String("primary")).toObject()),
                     reason);
    } else if (cmd == QLatin1String("slow")) {
        m_node.setSlow(command.value(QLatin1String("ms")).toInt(0));
    } else if (cmd == QLatin1String("cut")) {
        m_node.cut(command.value(QLatin1String("peer")).toString());
    } else if (cmd == QLatin1String("heal")) {
        m_node.heal(command.value(QLatin1String("peer")).toString());
    } else {
        Role::control(command);
        return;
    }
    roles::EventEmitter::emitEvent(EventKind::ControlApplied,
                                   QJsonObject{{QStringLiteral("command"), command}});
}

void DbRole::stop() {
    m_metrics.close();
    m_node.stop();
}

} // namespace infrastage::db
