#pragma once

#include "dbnode.h"
#include "role.h"

namespace infrastage::db {

// infrastage-node role "db": a MySQL-style database server (SQLite inside) with a binary log,
// replication, semi-sync, promotion and fencing. See docs/protocols.md.
class DbRole final : public roles::Role {
    Q_OBJECT

public:
    using Role::Role;

    bool start(const QJsonObject &config, QString *error) override;
    void control(const QJsonObject &command) override;
    void stop() override;

private:
    DbNode m_node;
};

} // namespace infrastage::db
