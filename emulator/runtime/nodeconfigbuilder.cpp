#include "nodeconfigbuilder.h"

#include "model/sitedirectory.h"

#include "firewallconfig.h"
#include "model/topologydata.h"
#include "monitoring/alertrules.h"
#include "monitoring/replicationcluster.h"
#include "tlsmaterial.h"

#include <QJsonArray>

namespace infrastage::runtime {

namespace {

// The web node a backend link reaches: the link may point at the web component or its server.
const Node *webOf(const TopologyData &t, const QString &id) {
    const Node *n = t.node(id);
    if (n && n->kind == NodeKind::Server)
        return t.child(id, NodeKind::Web);
    return n;
}

} // namespace

NodeConfigBuilder::NodeConfigBuilder(const TopologyData &topology, const AddressPlan &plan,
                                     QString runDir, bool detail)
    : m_topology(topology)
    , m_plan(plan)
    , m_runDir(std::move(runDir))
    , m_detail(detail) {}

QJsonObject NodeConfigBuilder::endpointRef(const QString &nodeId) const {
    const Endpoint *e = m_plan.endpoint(nodeId);
    if (!e)
        return QJsonObject();
    return QJsonObject{{QStringLiteral("id"), e->node},
                       {QStringLiteral("host"), e->host},
                       {QStringLiteral("address"), e->address},
                       {QStringLiteral("port"), e->port}};
}

QJsonObject NodeConfigBuilder::build(const QString &nodeId, QString *error) const {
    const Node *node = m_topology.node(nodeId);
    const Endpoint *self = m_plan.endpoint(nodeId);
    if (!node || !self) {
        *error = QStringLiteral("%1: not a node that runs as a process").arg(nodeId);
        return QJsonObject();
    }
    const Node *host = m_topology.host(*node);
    QJsonObject c{{QStringLiteral("node"), node->id},
                  {QStringLiteral("role"), self->role},
                  {QStringLiteral("name"), node->name},
                  {QStringLiteral("detail"), m_detail},
                  {QStringLiteral("run_dir"), m_runDir},
                  {QStringLiteral("listen"), QJsonObject{{QStringLiteral("address"), self->address},
                                                         {QStringLiteral("port"), self->port},
                                                         {QStringLiteral("fallback"), true}}},
                  {QStringLiteral("host"),
                   QJsonObject{{QStringLiteral("id"), host ? host->id : node->id},
                               {QStringLiteral("name"), host ? host->name : node->name},
                               {QStringLiteral("design_ip"), self->designAddress}}}};
    switch (node->kind) {
    case NodeKind::Dns:
        addDns(*node, &c);
        break;
    case NodeKind::LoadBalancer:
        addLoadBalancer(*node, *self, &c);
        break;
    case NodeKind::Web:
        addWeb(*node, &c);
        break;
    case NodeKind::App:
        addApp(*node, &c);
        break;
    case NodeKind::Database:
        addDatabase(*node, *self, &c);
        break;
    case NodeKind::Monitoring:
        if (self->role == QLatin1String("monitor"))
            addMonitor(*node, *self, &c);
        else
            addAgent(*node, &c);
        break;
    default:
        break;
    }
    if (!FirewallConfig::addTo(m_topology, m_plan, *node, *self, &c, error))
        return QJsonObject();
    return c;
}

void NodeConfigBuilder::addDns(const Node &node, QJsonObject *config) const {
    const qint64 defaultTtl = node.number(QStringLiteral("ttl"));
    QJsonArray records;
    for (const Link *l : m_topology.linksFrom(node.id)) {
        if (l->kind != LinkKind::DnsRecord)
            continue;
        const QString type = l->text(QStringLiteral("type")).isEmpty()
                                 ? QStringLiteral("A")
                                 : l->text(QStringLiteral("type"));
        QString value = l->text(QStringLiteral("value"));
        if (value.isEmpty()) {
            // The record names the target's design address (the VIP for a load balancer pair):
            // DNS answers with what the diagram says, never with a loopback address.
            const Node *target = m_topology.node(l->to);
            const Endpoint *e = m_plan.endpoint(l->to);
            if (e)
                value = e->designAddress;
            else if (target && m_topology.host(*target))
                value = m_topology.host(*target)->text(QStringLiteral("ip"));
            if (target && target->kind == NodeKind::LoadBalancer &&
                !target->text(QStringLiteral("vip")).isEmpty())
                value = target->text(QStringLiteral("vip"));
        }
        if (value.isEmpty() || (type == QLatin1String("AAAA") && !value.contains(QLatin1Char(':'))))
            continue; // nothing servable (an AAAA record needs an explicit IPv6 value)
        records.append(QJsonObject{{QStringLiteral("name"), l->text(QStringLiteral("name"))},
                                   {QStringLiteral("type"), type},
                                   {QStringLiteral("ttl"), l->number(QStringLiteral("ttl"))},
                                   {QStringLiteral("value"), value}});
    }
    config->insert(QStringLiteral("ttl"), defaultTtl);
    config->insert(QStringLiteral("records"), records);
}

void NodeConfigBuilder::addLoadBalancer(const Node &node, const Endpoint &self,
                                        QJsonObject *config) const {
    QJsonArray servers;
    for (const Link *l : m_topology.linksFrom(node.id)) {
        if (l->kind != LinkKind::Backend)
            continue;
        const Node *web = webOf(m_topology, l->to);
        const Endpoint *e = web ? m_plan.endpoint(web->id) : nullptr;
        if (!e)
            continue;
        servers.append(
            QJsonObject{{QStringLiteral("id"), e->node},
                        {QStringLiteral("host"), e->host},
                        {QStringLiteral("address"), e->address},
                        {QStringLiteral("port"), e->port},
                        {QStringLiteral("weight"), l->number(QStringLiteral("weight"))},
                        {QStringLiteral("backup"), l->flag(QStringLiteral("backup"))},
                        {QStringLiteral("maxconn"), l->number(QStringLiteral("maxconn"))}});
    }
    config->insert(QStringLiteral("mode"), node.text(QStringLiteral("mode")));
    config->insert(QStringLiteral("algorithm"), node.text(QStringLiteral("algorithm")));
    config->insert(QStringLiteral("servers"), servers);
    config->insert(
        QStringLiteral("check"),
        QJsonObject{{QStringLiteral("path"), node.text(QStringLiteral("check_path"))},
                    {QStringLiteral("inter"), node.number(QStringLiteral("check_inter"))},
                    {QStringLiteral("fall"), node.number(QStringLiteral("check_fall"))},
                    {QStringLiteral("rise"), node.number(QStringLiteral("check_rise"))}});
    config->insert(QStringLiteral("retries"), node.number(QStringLiteral("retries")));
    config->insert(QStringLiteral("redispatch"), node.flag(QStringLiteral("redispatch")));
    config->insert(
        QStringLiteral("timeouts"),
        QJsonObject{
            {QStringLiteral("connect"), node.number(QStringLiteral("timeout_connect"))},
            {QStringLiteral("client"), node.number(QStringLiteral("timeout_client"))},
            {QStringLiteral("server"), node.number(QStringLiteral("timeout_server"))},
            {QStringLiteral("queue"), node.number(QStringLiteral("timeout_queue"))},
            {QStringLiteral("http_request"), node.number(QStringLiteral("timeout_http_request"))}});
    config->insert(QStringLiteral("maxconn"), node.number(QStringLiteral("maxconn")));
    if (self.statsPort > 0)
        config->insert(QStringLiteral("stats"),
                       QJsonObject{{QStringLiteral("address"), self.address},
                                   {QStringLiteral("port"), self.statsPort}});
    if (self.tlsPort > 0)
        config->insert(
            QStringLiteral("https"),
            QJsonObject{
                {QStringLiteral("port"), self.tlsPort},
                {QStringLiteral("design_port"), self.designTlsPort},
                {QStringLiteral("redirect_http"), node.flag(QStringLiteral("redirect_http"))},
                {QStringLiteral("certificate"), TlsMaterial::certificatePath(m_runDir)},
                {QStringLiteral("key"), TlsMaterial::keyPath(m_runDir)}});
    addVrrp(node, self, config);
}

QJsonArray NodeConfigBuilder::vrrpPeers(const QString &nodeId) const {
    QJsonArray peers;
    const VirtualAddress *v = m_plan.virtualOf(nodeId);
    if (!v)
        return peers;
    for (const QString &id : v->members) {
        const Endpoint *e = m_plan.endpoint(id);
        if (id != nodeId && e && e->vrrpPort > 0)
            peers.append(QJsonObject{{QStringLiteral("node"), id},
                                     {QStringLiteral("address"), e->address},
                                     {QStringLiteral("port"), e->vrrpPort}});
    }
    return peers;
}

// A member of a VIP group: VRRP with its peers (docs/runtime.md "Load balancer pair").
void NodeConfigBuilder::addVrrp(const Node &node, const Endpoint &self, QJsonObject *config) const {
    const VirtualAddress *v = m_plan.virtualOf(node.id);
    if (!v)
        return;
    const bool master = !m_restart && v->endpoint.node == node.id;
    config->insert(
        QStringLiteral("vrrp"),
        QJsonObject{
            {QStringLiteral("vip"), v->endpoint.address},
            {QStringLiteral("design_vip"), v->endpoint.designAddress},
            {QStringLiteral("vip_port"), v->endpoint.port},
            {QStringLiteral("vip_https_port"), v->endpoint.tlsPort},
            {QStringLiteral("vrid"), v->routerId},
            {QStringLiteral("advert_int"), node.number(QStringLiteral("advert_int"))},
            {QStringLiteral("priority"), node.number(QStringLiteral("priority"))},
            {QStringLiteral("preempt"), node.flag(QStringLiteral("preempt"))},
            {QStringLiteral("initial"),
             master ? QStringLiteral("MASTER") : QStringLiteral("BACKUP")},
            {QStringLiteral("listen"), QJsonObject{{QStringLiteral("address"), self.address},
                                                   {QStringLiteral("port"), self.vrrpPort},
                                                   {QStringLiteral("fallback"), true}}},
            {QStringLiteral("peers"), vrrpPeers(node.id)}});
}

void NodeConfigBuilder::addWeb(const Node &node, QJsonObject *config) const {
    const Node *files =
        node.parent.isEmpty() ? nullptr : m_topology.child(node.parent, NodeKind::Files);
    config->insert(QStringLiteral("root"),
                   SiteDirectory::find(files ? files->text(QStringLiteral("site")) : QString()));
    config->insert(QStringLiteral("server_name"), node.text(QStringLiteral("server_name")));
    QJsonArray upstreams;
    for (const Link *l : m_topology.linksFrom(node.id)) {
        if (l->kind == LinkKind::Upstream && m_plan.endpoint(l->to))
            upstreams.append(endpointRef(l->to));
    }
    config->insert(QStringLiteral("upstreams"), upstreams);
    config->insert(QStringLiteral("served_by"), node.parent.isEmpty() ? node.id : node.parent);
}

void NodeConfigBuilder::addApp(const Node &node, QJsonObject *config) const {
    QJsonValue write = QJsonValue::Null;
    QJsonValue read = QJsonValue::Null;
    bool readFromDedicated = false;
    for (const Link *l : m_topology.linksFrom(node.id)) {
        if (l->kind != LinkKind::Data || !m_plan.endpoint(l->to))
            continue;
        const QString access = l->text(QStringLiteral("access"));
        const QJsonObject ref = endpointRef(l->to);
        if (access != QLatin1String("read") && write.isNull())
            write = ref;
        // A dedicated read link wins over the reads a read-write link also allows.
        if (access == QLatin1String("read") && !readFromDedicated) {
            read = ref;
            readFromDedicated = true;
        } else if (access == QLatin1String("readwrite") && read.isNull()) {
            read = ref;
        }
    }
    config->insert(QStringLiteral("served_by"), node.parent.isEmpty() ? node.id : node.parent);
    config->insert(QStringLiteral("workers"), node.number(QStringLiteral("workers")));
    config->insert(QStringLiteral("databases"),
                   QJsonObject{{QStringLiteral("write"), write},
                               {QStringLiteral("read"), read},
                               {QStringLiteral("read_your_writes"),
                                node.flag(QStringLiteral("read_your_writes"))}});
}

void NodeConfigBuilder::addDatabase(const Node &node, const Endpoint &self,
                                    QJsonObject *config) const {
    if (self.metricsPort > 0)
        config->insert(QStringLiteral("metrics"),
                       QJsonObject{{QStringLiteral("address"), self.address},
                                   {QStringLiteral("port"), self.metricsPort},
                                   {QStringLiteral("fallback"), true}});
    config->insert(QStringLiteral("role"), node.text(QStringLiteral("role")));
    config->insert(QStringLiteral("data_dir"), m_runDir + QStringLiteral("/data/") + node.id);
    config->insert(QStringLiteral("server_id"), m_topology.nodeIndex(node.id) + 1);
    for (const Link *l : m_topology.linksTo(node.id)) {
        if (l->kind == LinkKind::Replication && m_plan.endpoint(l->from))
            config->insert(QStringLiteral("primary"), endpointRef(l->from));
    }
    config->insert(QStringLiteral("replication"), node.text(QStringLiteral("replication")));
    config->insert(QStringLiteral("semisync_timeout"),
                   node.number(QStringLiteral("semisync_timeout")));
    config->insert(QStringLiteral("delay"), node.number(QStringLiteral("delay")));
    config->insert(QStringLiteral("auto_failover"), node.flag(QStringLiteral("auto_failover")));
    config->insert(QStringLiteral("failover_timeout"),
                   node.number(QStringLiteral("failover_timeout")));
    config->insert(QStringLiteral("fencing"), node.flag(QStringLiteral("fencing")));
}

// The monitor scrapes every node that serves metrics: load balancers' stats listeners
// (job haproxy), web and app servers on their own port (web, app), databases' metrics
// listeners (mysqld) and the agents (node), with the alert rules `export` writes.
void NodeConfigBuilder::addMonitor(const Node &node, const Endpoint &self,
                                   QJsonObject *config) const {
    QJsonArray targets;
    for (const Endpoint &e : m_plan.endpoints()) {
        QString job;
        int port = e.port;
        if (e.role == QLatin1String("lb") && e.statsPort > 0) {
            job = QStringLiteral("haproxy");
            port = e.statsPort;
        } else if (e.role == QLatin1String("web") || e.role == QLatin1String("app")) {
            job = e.role;
        } else if (e.role == QLatin1String("db") && e.metricsPort > 0) {
            job = QStringLiteral("mysqld");
            port = e.metricsPort;
        } else if (e.role == QLatin1String("agent")) {
            job = QStringLiteral("node");
        }
        if (job.isEmpty() || e.node == self.node)
            continue;
        QJsonObject target{{QStringLiteral("node"), e.node},
                           {QStringLiteral("job"), job},
                           {QStringLiteral("address"), e.address},
                           {QStringLiteral("port"), port},
                           {QStringLiteral("path"), QStringLiteral("/metrics")}};
        if (e.role == QLatin1String("db")) // split brain is judged per replication group
            target.insert(QStringLiteral("cluster"),
                          monitoring::replicationCluster(m_topology, e.node));
        targets.append(target);
    }
    config->insert(QStringLiteral("scrape_interval_ms"),
                   node.number(QStringLiteral("scrape_interval")));
    config->insert(QStringLiteral("rules"),
                   monitoring::AlertRules::toJson(monitoring::AlertRules::forMonitor(node)));
    config->insert(QStringLiteral("targets"), targets);
}

// An agent watches the role processes of its server, found by their configuration's path.
void NodeConfigBuilder::addAgent(const Node &node, QJsonObject *config) const {
    QJsonArray processes;
    for (const Endpoint &e : m_plan.endpoints()) {
        if (e.host != node.parent || e.node == node.id)
            continue;
        processes.append(
            QJsonObject{{QStringLiteral("node"), e.node},
                        {QStringLiteral("role"), e.role},
                        {QStringLiteral("config"), m_runDir + QStringLiteral("/configs/") + e.node +
                                                       QStringLiteral(".json")}});
    }
    config->insert(QStringLiteral("processes"), processes);
}

} // namespace infrastage::runtime
