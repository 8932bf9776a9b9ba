#pragma once

#include "model/topologydata.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrastage {

// One file of a configuration export, its path relative to the export directory.
struct ConfigFile {
    QString path;
    QByteArray content;
};

// What every engine writer needs to know about the design: where each host is reached. The
// same writers serve two targets: the design's real machines (design IPs) and the
// docker-compose stack (service names on one host), so a config is written in one place only.
class ConfigContext final {
public:
    enum class Target {
        Hosts,   // the real machines at their design IPs
        Compose, // containers of docker-compose.yml, reached by service name
    };

    ConfigContext(const TopologyData &topology, Target target);

    const TopologyData &topology() const { return m_topology; }
    bool compose() const { return m_target == Target::Compose; }

    // How another machine reaches `host`: its design IP, or its compose service name.
    QString address(const Node &host) const;
    // The address `host`'s own daemons listen on: its design IP, or every address in compose.
    QString bindAddress(const Node &host) const;
    // Where a host's files go in the export: "hosts/<id>".
    static QString hostDir(const Node &host);
    // The compose service that holds a host's network namespace (its first container).
    QString composeService(const Node &host) const;
    // The host a node stands on.
    const Node &host(const Node &node) const { return *m_topology.host(node); }
    // The database name the application uses: the site of the first application files.
    QString databaseName() const;

private:
    const TopologyData &m_topology;
    Target m_target;
};

// Writes one engine's files (HAProxy, Nginx, MariaDB, ...). Each lives in its own file and
// registers itself, so supporting another engine means adding a file.
class ConfigWriter {
public:
    virtual ~ConfigWriter() = default;
    virtual QString engine() const = 0; // "haproxy"
    virtual QList<ConfigFile> files(const ConfigContext &context) const = 0;
};

struct ConfigWriterRegistration {
    explicit ConfigWriterRegistration(const ConfigWriter *writer);
};

namespace ConfigWriters {
QList<const ConfigWriter *> all(); // sorted by engine name
// Every writer's files for `context`, sorted by path.
QList<ConfigFile> render(const ConfigContext &context);
} // namespace ConfigWriters

} // namespace infrastage
