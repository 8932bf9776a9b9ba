#pragma once

#include "dbmetrics.h"
#include "dbnode.h"
#include "role.h"

namespace infrastage::db {

// infrastage-node role "db": a MySQL-style database server (SQLite inside) with a binary log,
// replication, semi-sync, promotion and fencing. See docs/protocols.md.
class DbRole final : public roles::Role {
    Q_OBJECT

public:
    explicit DbRole(QObject *parent = nullptr);

    bool start(const QJsonObject &config, QString *error) override;
    void control(const QJsonObject &command) override;
    void stop() override;

private:
    DbNode m_node;
    DbMetrics m_metrics; // /metrics on its own port, when configured
};

} // namespace infrastage::db
