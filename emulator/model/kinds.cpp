#include "kindspec.h"

#include "defaultaddress.h"

#include <QHash>

namespace infrastage {

namespace {

struct KindName {
    NodeKind kind;
    const char *name;
    const char *label;
};

const KindName kNodeNames[] = {
    {NodeKind::Client, "client", "client"},
    {NodeKind::Dns, "dns", "DNS server"},
    {NodeKind::LoadBalancer, "loadbalancer", "load balancer"},
    {NodeKind::Server, "server", "server"},
    {NodeKind::Web, "web", "web server"},
    {NodeKind::App, "app", "application server"},
    {NodeKind::Files, "files", "application files"},
    {NodeKind::Database, "database", "database"},
    {NodeKind::Firewall, "firewall", "firewall"},
    {NodeKind::Monitoring, "monitoring", "monitoring"},
    {NodeKind::Note, "note", "note"},
};

struct LinkName {
    LinkKind kind;
    const char *name;
    const char *label;
};

const LinkName kLinkNames[] = {
    {LinkKind::Network, "network", "network"},
    {LinkKind::Backend, "backend", "load-balancer backend"},
    {LinkKind::Upstream, "upstream", "upstream"},
    {LinkKind::Data, "data", "data"},
    {LinkKind::Replication, "replication", "replication"},
    {LinkKind::DnsRecord, "dns_record", "DNS record"},
};

PropertySpec spec(const char *key, PropertyType type, const QVariant &def, const char *label) {
    PropertySpec s;
    s.key = QString::fromLatin1(key);
    s.type = type;
    s.defaultValue = def;
    s.label = QString::fromUtf8(label);
    return s;
}
PropertySpec str(const char *key, const char *label, const QString &def) {
    return spec(key, PropertyType::String, def, label);
}
PropertySpec integer(const char *key, const char *label, qint64 def, qint64 min, qint64 max) {
    PropertySpec s = spec(key, PropertyType::Int, QVariant::fromValue(def), label);
    s.min = min;
    s.max = max;
    return s;
}
PropertySpec duration(const char *key, const char *label, qint64 def, qint64 min, qint64 max) {
    PropertySpec s = integer(key, label, def, min, max);
    s.type = PropertyType::Duration;
    return s;
}
PropertySpec boolean(const char *key, const char *label, bool def) {
    return spec(key, PropertyType::Bool, def, label);
}
PropertySpec port(const char *key, const char *label, qint64 def) {
    return spec(key, PropertyType::Port, QVariant::fromValue(def), label);
}
PropertySpec choice(const char *key, const char *label, const QStringList &choices) {
    PropertySpec s = spec(key, PropertyType::Enum, choices.first(), label);
    s.choices = choices;
    return s;
}
PropertySpec ipv4(const char *key, const char *label, const QString &def, bool optional) {
    PropertySpec s = spec(key, PropertyType::IPv4, def, label);
    s.optional = optional;
    return s;
}
PropertySpec hostname(const char *key, const char *label, const QString &def, bool optional) {
    PropertySpec s = spec(key, PropertyType::Hostname, def, label);
    s.optional = optional;
    return s;
}
PropertySpec portList(const char *key, const char *label, const QString &def) {
    return spec(key, PropertyType::PortList, def, label);
}

QList<NodeKindSpec> buildNodeSpecs() {
    using L = QStringList;
    QList<NodeKindSpec> specs;
    specs.append({NodeKind::Client, Placement::Host, false, {}});
    specs.append({NodeKind::Dns,
                  Placement::Host,
                  true,
                  {ipv4("ip", "Design IP", DefaultAddress::forKind(NodeKind::Dns), false),
                   port("port", "DNS port (UDP)", 53),
                   integer("ttl", "Default TTL (s)", 300, 0, 2147483647)}});
    specs.append(
        {NodeKind::LoadBalancer,
         Placement::Host,
         true,
         {ipv4("ip", "Design IP", DefaultAddress::forKind(NodeKind::LoadBalancer), false),
          ipv4("vip", "Virtual IP shared with a peer (keepalived)", QString(), true),
          integer("priority", "VRRP priority (higher is master)", 100, 1, 254),
          // VRRPv3 carries the interval in centiseconds on 12 bits: 10 ms .. 40.95 s.
          duration("advert_int", "VRRP advertisement interval (ms)", 1000, 10, 40950),
          boolean("preempt", "VRRP preempt: a higher priority takes the VIP back", true),
          choice("mode", "Mode", L{QStringLiteral("http"), QStringLiteral("tcp")}),
          port("port", "HTTP port", 80),
          choice("algorithm", "Algorithm",
                 L{QStringLiteral("roundrobin"), QStringLiteral("leastconn"),
                   QStringLiteral("source")}),
          str("check_path", "Health-check path", QStringLiteral("/health")),
          duration("check_inter", "Health-check interval (ms)", 2000, 10, 3600000),
          integer("check_fall", "Checks failed before DOWN (fall)", 3, 1, 1000),
          integer("check_rise", "Checks passed before UP (rise)", 2, 1, 1000),
          integer("retries", "Retries on connection failure", 3, 0, 100),
          boolean("redispatch", "Redispatch to another server on retry", true),
          duration("timeout_connect", "Connect timeout (ms)", 5000, 1, 3600000),
          duration("timeout_client", "Client timeout (ms)", 30000, 1, 3600000),
          duration("timeout_server", "Server timeout (ms)", 30000, 1, 3600000),
          duration("timeout_http_request", "Request timeout (ms, then 408)", 10000, 1, 3600000),
          duration("timeout_queue", "Queue timeout (ms, then 503)", 5000, 1, 3600000),
          integer("maxconn", "Max client connections (0: no limit)", 0, 0, 1000000),
          boolean("tls", "HTTPS terminated here", false), port("tls_port", "HTTPS port", 443),
          boolean("redirect_http", "Redirect HTTP to HTTPS", false),
          boolean("stats", "Stats page", true), port("stats_port", "Stats port", 8404)}});
    specs.append({NodeKind::Server,
                  Placement::Host,
                  true,
                  {ipv4("ip", "Design IP", DefaultAddress::forKind(NodeKind::Server), false),
                   str("zone", "Zone", QStringLiteral("zone-a"))}});
    specs.append(
        {NodeKind::Web,
         Placement::Component,
         false,
         {port("port", "HTTP port", 80),
          hostname("server_name", "Server name", QStringLiteral("www.foobar.com"), true)}});
    specs.append({NodeKind::App,
                  Placement::Component,
                  false,
                  {port("port", "Port", 8000), integer("workers", "Workers", 2, 1, 256),
                   boolean("read_your_writes", "Read your own writes from the primary", false)}});
    specs.append({NodeKind::Files,
                  Placement::Component,
                  false,
                  {str("root", "Document root", QStringLiteral("/var/www/foobar")),
                   str("site", "Site", QStringLiteral("foobar"))}});
    specs.append(
        {NodeKind::Database,
         Placement::Component,
         false,
         {choice("role", "Role", L{QStringLiteral("primary"), QStringLiteral("replica")}),
          port("port", "Port", 3306),
          choice("replication", "Replication mode",
                 L{QStringLiteral("async"), QStringLiteral("semisync")}),
          duration("semisync_timeout", "Semi-sync fallback timeout (ms)", 1000, 1, 3600000),
          boolean("auto_failover", "Automatic failover", false),
          duration("failover_timeout", "Primary unreachable before failover (ms)", 3000, 100,
                   3600000),
          boolean("fencing", "Fence a returning old primary (read-only)", false),
          duration("delay", "Replication delay (ms, like MASTER_DELAY)", 0, 0, 86400000)}});
    specs.append(
        {NodeKind::Firewall,
         Placement::Either,
         false,
         {ipv4("ip", "Design IP (standalone firewall)", QString(), true),
          choice("policy", "Default policy",
                 L{QStringLiteral("drop"), QStringLiteral("accept"), QStringLiteral("reject")}),
          portList("allow", "Ports open to the Internet", QStringLiteral("80,443")),
          // accept|drop|reject [from NODE,...] [port P,...]; ... (model/firewallrulesyntax.h)
          str("rules", "Extra rules, checked first (e.g. reject from internet port 3306)",
              QString())}});
    specs.append(
        {NodeKind::Monitoring,
         Placement::Either,
         false,
         {ipv4("ip", "Design IP (standalone monitoring)", QString(), true),
          choice("tool", "Tool",
                 L{QStringLiteral("prometheus"), QStringLiteral("datadog"),
                   QStringLiteral("sumologic")}),
          duration("scrape_interval", "Scrape interval (ms)", 1000, 100, 3600000),
          // Alert rules (emulator/monitoring/alertrules.cpp): how long a condition
          // must hold before it fires, and the thresholds.
          duration("alert_for", "Alert after the condition held (for:, ms)", 2000, 0, 86400000),
          integer("error_ratio", "Alert: 5xx responses above (% of responses)", 5, 1, 100),
          duration("latency_p95", "Alert: latency p95 above (ms)", 500, 1, 600000),
          duration("lag_threshold", "Alert: replication lag above (ms)", 1000, 1, 86400000)}});
    specs.append({NodeKind::Note, Placement::Host, false, {str("text", "Text", QString())}});
    return specs;
}

QList<LinkKindSpec> buildLinkSpecs() {
    using L = QStringList;
    QList<LinkKindSpec> specs;
    specs.append({LinkKind::Network, {str("label", "Label", QString())}});
    specs.append({LinkKind::Backend,
                  {integer("weight", "Weight", 1, 0, 256), boolean("backup", "Backup only", false),
                   integer("maxconn", "Max requests at once (0: no limit)", 0, 0, 1000000)}});
    specs.append({LinkKind::Upstream, {}});
    specs.append({LinkKind::Data,
                  {choice("access", "Access",
                          L{QStringLiteral("readwrite"), QStringLiteral("read"),
                            QStringLiteral("write")})}});
    specs.append({LinkKind::Replication, {}});
    specs.append({LinkKind::DnsRecord,
                  {hostname("name", "Name", QStringLiteral("www.foobar.com"), false),
                   choice("type", "Type",
                          L{QStringLiteral("A"), QStringLiteral("AAAA"), QStringLiteral("CNAME")}),
                   integer("ttl", "TTL (s)", 300, 0, 2147483647),
                   str("value", "Value (AAAA address or CNAME target; empty: the target's IP)",
                       QString())}});
    return specs;
}

template <typename Spec, typename Kind> const Spec &findSpec(const QList<Spec> &specs, Kind kind) {
    for (const Spec &s : specs) {
        if (s.kind == kind)
            return s;
    }
    Q_UNREACHABLE();
}

} // namespace

const PropertySpec *NodeKindSpec::property(const QString &key) const {
    for (const PropertySpec &p : properties) {
        if (p.key == key)
            return &p;
    }
    return nullptr;
}

const PropertySpec *LinkKindSpec::property(const QString &key) const {
    for (const PropertySpec &p : properties) {
        if (p.key == key)
            return &p;
    }
    return nullptr;
}

const NodeKindSpec &nodeKindSpec(NodeKind kind) {
    static const QList<NodeKindSpec> specs = buildNodeSpecs();
    return findSpec(specs, kind);
}

const LinkKindSpec &linkKindSpec(LinkKind kind) {
    static const QList<LinkKindSpec> specs = buildLinkSpecs();
    return findSpec(specs, kind);
}

const QList<NodeKind> &allNodeKinds() {
    static const QList<NodeKind> kinds = [] {
        QList<NodeKind> k;
        for (const KindName &n : kNodeNames)
            k.append(n.kind);
        return k;
    }();
    return kinds;
}

const QList<LinkKind> &allLinkKinds() {
    static const QList<LinkKind> kinds = [] {
        QList<LinkKind> k;
        for (const LinkName &n : kLinkNames)
            k.append(n.kind);
        return k;
    }();
    return kinds;
}

QString nodeKindName(NodeKind kind) {
    for (const KindName &n : kNodeNames) {
        if (n.kind == kind)
            return QString::fromLatin1(n.name);
    }
    return QString();
}

bool nodeKindFromName(const QString &name, NodeKind *kind) {
    for (const KindName &n : kNodeNames) {
        if (name == QLatin1String(n.name)) {
            *kind = n.kind;
            return true;
        }
    }
    return false;
}

QString nodeKindLabel(NodeKind kind) {
    for (const KindName &n : kNodeNames) {
        if (n.kind == kind)
            return QString::fromUtf8(n.label);
    }
    return QString();
}

QString linkKindName(LinkKind kind) {
    for (const LinkName &n : kLinkNames) {
        if (n.kind == kind)
            return QString::fromLatin1(n.name);
    }
    return QString();
}

bool linkKindFromName(const QString &name, LinkKind *kind) {
    for (const LinkName &n : kLinkNames) {
        if (name == QLatin1String(n.name)) {
            *kind = n.kind;
            return true;
        }
    }
    return false;
}

QString linkKindLabel(LinkKind kind) {
    for (const LinkName &n : kLinkNames) {
        if (n.kind == kind)
            return QString::fromUtf8(n.label);
    }
    return QString();
}

namespace {
bool isNetworkHost(NodeKind k) {
    return k == NodeKind::Client || k == NodeKind::Dns || k == NodeKind::LoadBalancer ||
           k == NodeKind::Server || k == NodeKind::Firewall || k == NodeKind::Monitoring;
}
} // namespace

bool linkAllowed(LinkKind kind, NodeKind from, NodeKind to) {
    switch (kind) {
    case LinkKind::Network:
        return isNetworkHost(from) && isNetworkHost(to);
    case LinkKind::Backend:
        return from == NodeKind::LoadBalancer && (to == NodeKind::Web || to == NodeKind::Server);
    case LinkKind::Upstream:
        return from == NodeKind::Web && to == NodeKind::App;
    case LinkKind::Data:
        return from == NodeKind::App && to == NodeKind::Database;
    case LinkKind::Replication:
        return from == NodeKind::Database && to == NodeKind::Database;
    case LinkKind::DnsRecord:
        return from == NodeKind::Dns &&
               (to == NodeKind::LoadBalancer || to == NodeKind::Server || to == NodeKind::Web);
    }
    return false;
}

bool inferLinkKind(NodeKind from, NodeKind to, LinkKind *kind) {
    // The most specific meaning first: a network link is what is left between two hosts.
    for (LinkKind k : {LinkKind::Backend, LinkKind::Upstream, LinkKind::Data, LinkKind::Replication,
                       LinkKind::DnsRecord, LinkKind::Network}) {
        if (linkAllowed(k, from, to)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

} // namespace infrastage
