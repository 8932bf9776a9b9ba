#include "orchestrator.h"

#include "failoverhost.h"

#include "eventmerger.h"
#include "eventparserthread.h"
#include "events/eventkind.h"
#include "nodeconfigbuilder.h"
#include "nodeprocess.h"
#include "recorder.h"
#include "rundirectories.h"
#include "tlsmaterial.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QTimer>

namespace infrastage::runtime {

namespace {

// Start tiers: a node starts once everything it talks to is ready.
// The monitor and the agents come last: they watch what the others became (real ports).
enum Tier {
    TierPrimaryDb,
    TierReplicaDb,
    TierApp,
    TierWeb,
    TierLb,
    TierDns,
    TierMonitoring,
    TierCount
};

bool writeJson(const QString &path, const QJsonObject &o, QString *error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(QJsonDocument(o).toJson()) < 0) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace

Orchestrator::Orchestrator(QObject *parent)
    : QObject(parent)
    , m_merger(new EventMerger(this))
    , m_recorder(new Recorder(this))
    , m_parser(new EventParserThread(this)) {
    qRegisterMetaType<RuntimeEvent>();
    new FailoverHost(this); // databases with auto_failover (emulator/runtime/data)
    connect(m_merger, &EventMerger::released, this, [this](const RuntimeEvent &e) {
        m_recorder->record(e);
        emit event(e);
    });
}

Orchestrator::~Orchestrator() {
    // NodeProcess's destructor kills what still runs; nothing outlives the orchestrator.
    qDeleteAll(m_processes);
    m_processes.clear();
}

QString Orchestrator::defaultNodeProgram() {
    const QByteArray env = qgetenv("INFRASTAGE_NODE");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QCoreApplication::applicationDirPath() + QStringLiteral("/infrastage-node");
}

void Orchestrator::setState(RuntimeState state) {
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

int Orchestrator::tierOf(const Node &node) const {
    switch (node.kind) {
    case NodeKind::Database:
        return node.text(QStringLiteral("role")) == QLatin1String("replica") ? TierReplicaDb
                                                                             : TierPrimaryDb;
    case NodeKind::App:
        return TierApp;
    case NodeKind::Web:
        return TierWeb;
    case NodeKind::LoadBalancer:
        return TierLb;
    case NodeKind::Monitoring:
        return TierMonitoring;
    default:
        return TierDns;
    }
}

bool Orchestrator::start(const TopologyData &topology, QString *error) {
    if (m_state == RuntimeState::Starting || m_state == RuntimeState::Running ||
        m_state == RuntimeState::Stopping) {
        *error = QStringLiteral("already %1").arg(runtimeStateName(m_state));
        return false;
    }
    qDeleteAll(m_processes);
    m_processes.clear();
    m_killedByFault.clear();
    m_restartPending.clear();
    m_internet.clear();
    m_failure.clear();
    m_topology = topology;
    m_plan = AddressPlan::derive(m_topology, m_options.addressMode);
    if (m_plan.endpoints().isEmpty()) {
        *error = QStringLiteral("the topology has nothing to run (no DNS, load balancer, web, "
                                "application or database node)");
        return false;
    }
    const QString program =
        m_options.nodeProgram.isEmpty() ? defaultNodeProgram() : m_options.nodeProgram;
    if (!QFile::exists(program)) {
        *error = QStringLiteral("%1: the node program is missing").arg(program);
        return false;
    }
    m_options.nodeProgram = program;
    if (m_options.runDirectory.isEmpty()) {
        RunDirectories::pruneEnded(RunDirectories::root());
        m_runDir = RunDirectories::fresh();
    } else {
        m_runDir = m_options.runDirectory;
    }
    m_addressesHeld = false;
    QStringList notes = m_plan.notes();
    if (!leaseAddresses(error, &notes))
        return false;
    // From here on a failure to begin gives the addresses back.
    auto releaseOnFailure = qScopeGuard([this] { m_lease.release(); });
    QDir dir;
    for (const char *sub : {"configs", "logs", "data"}) {
        if (!dir.mkpath(m_runDir + QLatin1Char('/') + QLatin1String(sub))) {
            *error = QStringLiteral("%1: cannot create the run directory").arg(m_runDir);
            return false;
        }
    }
    m_runDir = QDir(m_runDir).absolutePath();
    if (!createTlsMaterial(error))
        return false;
    if (m_options.record) {
        QString why;
        if (!m_recorder->open(m_runDir + QStringLiteral("/events.sqlite"), &why)) {
            *error = why;
            return false;
        }
        m_recorder->beginRun(m_topology.name, m_runDir);
    }
    m_tiers = QList<QList<QString>>(TierCount);
    m_order.clear();
    for (const Endpoint &e : m_plan.endpoints())
        m_tiers[tierOf(*m_topology.node(e.node))].append(e.node);
    for (const QList<QString> &tier : std::as_const(m_tiers))
        m_order += tier;
    for (const QString &id : std::as_const(m_order)) {
        auto *p = new NodeProcess(id, m_plan.endpoint(id)->role, this);
        p->setProgram(program);
        p->setConfigPath(m_runDir + QStringLiteral("/configs/") + id + QStringLiteral(".json"));
        p->setLogPath(m_runDir + QStringLiteral("/logs/") + id + QStringLiteral(".log"));
        p->setEventParser(m_parser);
        p->setParseRequestDetails(m_options.parseRequestDetails);
        connect(p, &NodeProcess::eventReceived, m_merger, &EventMerger::add);
        connect(p, &NodeProcess::stateChanged, this,
                [this, id](NodeState s) { emit nodeStateChanged(id, s); });
        connect(p, &NodeProcess::ready, this, [this, id] { onReady(id); });
        connect(p, &NodeProcess::exited, this, [this, id](int code, bool crashed, bool expected) {
            onExited(id, code, crashed, expected);
        });
        m_processes.insert(id, p);
    }
    for (const QString &note : std::as_const(notes))
        emitRuntimeEvent(QString(), EventKind::RuntimePlanNote,
                         QJsonObject{{QStringLiteral("note"), note}});
    releaseOnFailure.dismiss();
    setState(RuntimeState::Starting);
    m_currentTier = -1;
    startTier(0);
    return true;
}

// Per-host addresses are leased (addresslease.h): another running design on one of them is a
// refusal naming it. Everything on 127.0.0.1 (--shared-address) shares one address by design
// and is not leased; its nodes take free ports.
bool Orchestrator::leaseAddresses(QString *error, QStringList *notes) {
    if (!m_plan.perHost())
        return true;
    QMap<QString, QString> addresses; // loopback -> the design's address, as the user knows it
    const auto add = [&addresses](const Endpoint &e) {
        addresses.insert(e.address, QStringLiteral("%1 (here %2)").arg(e.designAddress, e.address));
    };
    for (const Endpoint &e : m_plan.endpoints())
        add(e);
    for (const VirtualAddress &v : m_plan.virtualAddresses())
        add(v.endpoint);
    const QString owner =
        QStringLiteral("\"%1\" (%2, pid %3, run directory %4)")
            .arg(m_topology.name.isEmpty() ? QStringLiteral("unnamed") : m_topology.name,
                 QCoreApplication::applicationName())
            .arg(QCoreApplication::applicationPid())
            .arg(m_runDir);
    QString why;
    switch (m_lease.acquire(addresses, owner, &why)) {
    case AddressLease::Result::Taken:
        return true;
    case AddressLease::Result::HeldByAnother:
        *error = why;
        m_addressesHeld = true;
        return false;
    case AddressLease::Result::Unavailable:
        // Not a reason to refuse the run: it runs as before leases, told why.
        notes->append(
            QStringLiteral("this run does not keep other runs off its addresses: %1").arg(why));
        return true;
    }
    return true;
}

// Load balancers that terminate HTTPS share one certificate made for this run, naming every
// DNS record of the design and the loopback addresses HTTPS is served on.
bool Orchestrator::createTlsMaterial(QString *error) {
    QStringList addresses;
    for (const Endpoint &e : m_plan.endpoints()) {
        if (e.tlsPort > 0)
            addresses.append(e.address);
    }
    if (addresses.isEmpty())
        return true;
    QStringList names;
    for (const Link &l : m_topology.links()) {
        if (l.kind == LinkKind::DnsRecord)
            names.append(l.text(QStringLiteral("name")));
    }
    return TlsMaterial::create(m_runDir, names, addresses, error);
}

void Orchestrator::startTier(int tier) {
    while (tier < TierCount && m_tiers.at(tier).isEmpty())
        ++tier;
    m_currentTier = tier;
    if (tier >= TierCount) {
        setState(RuntimeState::Running);
        emitRuntimeEvent(QString(), EventKind::RuntimeRunning,
                         QJsonObject{{QStringLiteral("nodes"), int(m_order.size())},
                                     {QStringLiteral("run_dir"), m_runDir}});
        emit started();
        return;
    }
    for (const QString &id : m_tiers.at(tier)) {
        QString error;
        if (!launch(id, &error)) {
            failStart(error);
            return;
        }
    }
}

bool Orchestrator::launch(const QString &id, QString *error) {
    NodeConfigBuilder builder(m_topology, m_plan, m_runDir, m_options.detail);
    builder.setRestart(m_state == RuntimeState::Running);
    const QJsonObject config = builder.build(id, error);
    if (config.isEmpty())
        return false;
    NodeProcess *p = m_processes.value(id);
    if (!writeJson(m_runDir + QStringLiteral("/configs/") + id + QStringLiteral(".json"), config,
                   error))
        return false;
    if (config.contains(QLatin1String("data_dir")))
        QDir().mkpath(config.value(QLatin1String("data_dir")).toString());
    emitRuntimeEvent(id, EventKind::RuntimeStarting,
                     QJsonObject{{QStringLiteral("role"), p->role()}});
    p->start(m_options.readyTimeoutMs);
    return true;
}

void Orchestrator::onReady(const QString &id) {
    NodeProcess *p = m_processes.value(id);
    const Endpoint *e = m_plan.endpoint(id);
    if (p->port() > 0 && e && p->port() != e->port) {
        // Another program holds the planned port: the node took another one. Report it; the
        // nodes started after it are configured with the real port.
        emitRuntimeEvent(id, EventKind::RuntimePortChanged,
                         QJsonObject{{QStringLiteral("planned"), e->port},
                                     {QStringLiteral("port"), p->port()},
                                     {QStringLiteral("address"), e->address}});
        m_plan.setPort(id, p->port());
    }
    // The node's other listeners, reported in its ready line, follow the same rule.
    struct Listener {
        const char *key;  // in the ready line
        const char *name; // in the event
        int Endpoint::*port;
        void (AddressPlan::*set)(const QString &, int);
    };
    static const Listener listeners[] = {
        {"https_port", "https", &Endpoint::tlsPort, &AddressPlan::setTlsPort},
        {"stats_port", "stats", &Endpoint::statsPort, &AddressPlan::setStatsPort},
        {"metrics_port", "metrics", &Endpoint::metricsPort, &AddressPlan::setMetricsPort},
    };
    for (const Listener &l : listeners) {
        const int real = p->readyDetails().value(QLatin1String(l.key)).toInt();
        if (!e || e->*l.port <= 0 || real <= 0 || real == e->*l.port)
            continue;
        emitRuntimeEvent(id, EventKind::RuntimePortChanged,
                         QJsonObject{{QStringLiteral("planned"), e->*l.port},
                                     {QStringLiteral("port"), real},
                                     {QStringLiteral("address"), e->address},
                                     {QStringLiteral("listener"), QLatin1String(l.name)}});
        (m_plan.*l.set)(id, real);
    }
    if (m_plan.virtualOf(id))
        onVrrpMemberReady(id);
    emitRuntimeEvent(id, EventKind::RuntimeReady,
                     QJsonObject{{QStringLiteral("pid"), p->pid()},
                                 {QStringLiteral("address"), p->address()},
                                 {QStringLiteral("port"), p->port()}});
    if (m_state != RuntimeState::Starting) {
        // A restart during the run: the node forgot that the internet is cut off.
        if (e && m_internet.unreachable(e->host))
            tellInternet(id);
        return;
    }
    for (const QString &other : m_tiers.value(m_currentTier)) {
        if (m_processes.value(other)->state() != NodeState::Running)
            return;
    }
    startTier(m_currentTier + 1);
}

// A member of a VIP group is up: where its VRRP socket and (as MASTER) the VIP really are, told
// to every running member, since a port may have moved (fallback) or the node restarted.
void Orchestrator::onVrrpMemberReady(const QString &id) {
    const QJsonObject ready = m_processes.value(id)->readyDetails();
    const int vrrpPort = ready.value(QLatin1String("vrrp_port")).toInt();
    if (vrrpPort > 0)
        m_plan.setVrrpPort(id, vrrpPort);
    const VirtualAddress *v = m_plan.virtualOf(id);
    const int vipPort = ready.value(QLatin1String("vip_port")).toInt();
    if (ready.value(QLatin1String("vrrp_state")).toString() == QLatin1String("MASTER") &&
        vipPort > 0 && vipPort != v->endpoint.port) {
        emitRuntimeEvent(id, EventKind::RuntimePortChanged,
                         QJsonObject{{QStringLiteral("planned"), v->endpoint.port},
                                     {QStringLiteral("port"), vipPort},
                                     {QStringLiteral("address"), v->endpoint.address},
                                     {QStringLiteral("listener"), QStringLiteral("vip")}});
        m_plan.setVirtualPorts(v->endpoint.designAddress, vipPort,
                               ready.value(QLatin1String("vip_https_port")).toInt());
    }
    NodeConfigBuilder builder(m_topology, m_plan, m_runDir, m_options.detail);
    for (const QString &member : v->members) {
        NodeProcess *p = m_processes.value(member);
        if (p && (p->state() == NodeState::Running || p->state() == NodeState::Frozen))
            p->sendControl(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("vrrp_peers")},
                                       {QStringLiteral("peers"), builder.vrrpPeers(member)},
                                       {QStringLiteral("vip_port"), v->endpoint.port},
                                       {QStringLiteral("vip_https_port"), v->endpoint.tlsPort}});
    }
}

void Orchestrator::onExited(const QString &id, int exitCode, bool crashed, bool expected) {
    NodeProcess *p = m_processes.value(id);
    emitRuntimeEvent(id, EventKind::RuntimeExited,
                     QJsonObject{{QStringLiteral("code"), exitCode},
                                 {QStringLiteral("signalled"), crashed},
                                 {QStringLiteral("expected"), expected},
                                 {QStringLiteral("fault"), m_killedByFault.contains(id)},
                                 {QStringLiteral("error"), p->lastError()}});
    if (m_state == RuntimeState::Stopping) {
        checkAllStopped();
        return;
    }
    if (m_state == RuntimeState::Starting && !expected) {
        failStart(QStringLiteral("%1 (%2) did not start: %3").arg(id, p->role(), p->lastError()));
        return;
    }
    if (m_state != RuntimeState::Running)
        return;
    if (m_restartPending.remove(id)) {
        QString error;
        if (!launch(id, &error))
            emitRuntimeEvent(id, EventKind::RuntimeRestartFailed,
                             QJsonObject{{QStringLiteral("error"), error}});
        return;
    }
    if (!expected && m_options.restartOnCrash && !m_killedByFault.contains(id)) {
        QTimer::singleShot(200, this, [this, id] {
            QString error;
            if (m_state == RuntimeState::Running &&
                m_processes.value(id)->state() == NodeState::Failed)
                launch(id, &error);
        });
    }
}

void Orchestrator::failStart(const QString &reason) {
    if (!m_failure.isEmpty())
        return;
    m_failure = reason;
    emitRuntimeEvent(QString(), EventKind::RuntimeStartFailed,
                     QJsonObject{{QStringLiteral("error"), reason}});
    setState(RuntimeState::Stopping);
    for (NodeProcess *p : std::as_const(m_processes))
        p->stop(m_options.stopGraceMs);
    checkAllStopped();
}

void Orchestrator::stop() {
    if (m_state != RuntimeState::Starting && m_state != RuntimeState::Running)
        return;
    setState(RuntimeState::Stopping);
    m_restartPending.clear();
    emitRuntimeEvent(QString(), EventKind::RuntimeStopping, QJsonObject());
    // Front to back: DNS and load balancers first, so no new work reaches the servers.
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it)
        m_processes.value(*it)->stop(m_options.stopGraceMs);
    checkAllStopped();
}

void Orchestrator::checkAllStopped() {
    for (NodeProcess *p : std::as_const(m_processes)) {
        if (p->state() == NodeState::Stopping || p->state() == NodeState::Starting ||
            p->state() == NodeState::Running || p->state() == NodeState::Frozen)
            return;
    }
    // Let stop() return before announcing the end (callers may connect after calling it).
    QTimer::singleShot(0, this, [this] {
        if (m_state != RuntimeState::Stopping)
            return;
        emitRuntimeEvent(QString(), EventKind::RuntimeStopped, QJsonObject());
        m_merger->flush();
        m_recorder->endRun();
        m_recorder->close();
        m_lease.release();
        if (m_failure.isEmpty()) {
            setState(RuntimeState::Stopped);
            emit stopped();
        } else {
            setState(RuntimeState::Failed);
            emit startFailed(m_failure);
        }
    });
}

void Orchestrator::emitRuntimeEvent(const QString &node, const QString &kind,
                                    const QJsonObject &details) {
    RuntimeEvent e;
    e.t = RuntimeEvent::nowNs();
    e.node = node.isEmpty() ? QStringLiteral("orchestrator") : node;
    e.kind = kind;
    e.details = details;
    m_merger->add(e);
}

QList<NodeInfo> Orchestrator::nodes() const {
    QList<NodeInfo> list;
    for (const QString &id : m_order)
        list.append(node(id));
    return list;
}

NodeInfo Orchestrator::node(const QString &id) const {
    NodeInfo info;
    const Endpoint *e = m_plan.endpoint(id);
    const NodeProcess *p = m_processes.value(id);
    if (!e || !p)
        return info;
    info.node = id;
    info.role = e->role;
    info.state = p->state();
    info.address = e->address;
    info.port = e->port;
    info.designAddress = e->designAddress;
    info.designPort = e->designPort;
    info.httpsPort = e->tlsPort;
    info.pid = p->pid();
    return info;
}

} // namespace infrastage::runtime
