#pragma once

#include "httprole.h"
#include "processprobe.h"

#include <memory>
#include <vector>

namespace infrastage::roles::agent {

// A monitoring agent on a server ("monitoring client"; node_exporter's place, port 9100): serves
// /metrics with the figures of the server's own role processes read from /proc (CPU seconds,
// resident memory, open descriptors, threads, whether the process is there at all).
class AgentRole final : public HttpRole {
    Q_OBJECT

public:
    bool start(const QJsonObject &config, QString *error) override;

private:
    struct Watched {
        QString node;
        QString role;
        std::unique_ptr<ProcessProbe> probe;
    };
    QByteArray metrics();

    std::vector<Watched> m_watched;
    QString m_serverId;
};

} // namespace infrastage::roles::agent
