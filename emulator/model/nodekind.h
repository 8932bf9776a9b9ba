#pragma once

#include <QString>

namespace infrastage {

// What a node on the canvas is. The string spelling is the one used in files.
enum class NodeKind {
    Client,       // a user's computer and browser: "client"
    Dns,          // a DNS server answering from the design's records: "dns"
    LoadBalancer, // an HAProxy-style load balancer: "loadbalancer"
    Server,       // a host with a design IP and zone, holding components: "server"
    Web,          // an Nginx-style web server, inside a server: "web"
    App,          // an application server, inside a server: "app"
    Files,        // the application files (document root), inside a server: "files"
    Database,     // a MySQL-style database, primary or replica, inside a server: "database"
    Firewall,     // a firewall, standalone in front of hosts or inside a server: "firewall"
    Monitoring,   // a monitoring system or agent, standalone or inside a server: "monitoring"
    Note,         // a text note on the canvas; takes no part in anything: "note"
};

QString nodeKindName(NodeKind kind);
bool nodeKindFromName(const QString &name, NodeKind *kind);
QString nodeKindLabel(NodeKind kind); // human-readable, e.g. "load balancer"

} // namespace infrastage
