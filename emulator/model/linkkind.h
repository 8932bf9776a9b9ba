#pragma once

#include <QString>

namespace infrastage {

// What a link between two nodes means. The string spelling is the one used in files.
enum class LinkKind {
    Network,     // a network connection between two hosts (e.g. the Internet uplink): "network"
    Backend,     // load balancer -> web server (or the server holding it): "backend"
    Upstream,    // web server -> application server: "upstream"
    Data,        // application server -> database, for reads and/or writes: "data"
    Replication, // primary database -> replica: "replication"
    DnsRecord,   // DNS server -> the host a name resolves to: "dns_record"
};

QString linkKindName(LinkKind kind);
bool linkKindFromName(const QString &name, LinkKind *kind);
QString linkKindLabel(LinkKind kind);

} // namespace infrastage
