#include "chaosrun.h"

#include "dnsresolver.h"
#include "httpprobe.h"

#include <QTimer>

#include <memory>

namespace infrastage::runtime {

namespace {

constexpr int kStartTimeoutMs = 20000;
constexpr int kStopTimeoutMs = 10000;
constexpr int kProbeTimeoutMs = 1000;
constexpr int kSetupTimeoutMs = 2000;

QByteArray request(bool write, const QByteArray &host) {
    if (!write)
        return "GET /api/guestbook HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    const QByteArray body = R"({"author":"chaos","message":"probe"})";
    return "POST /api/guestbook HTTP/1.1\r\nHost: " + host +
           "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QString firstOfKind(const TopologyData &topology, NodeKind kind) {
    for (const Node &n : topology.nodes()) {
        if (n.kind == kind)
            return n.id;
    }
    return QString();
}

} // namespace

ChaosRun::ChaosRun(TopologyData topology, ChaosSpec spec, Orchestrator::Options options,
                   QObject *parent)
    : QObject(parent)
    , m_topology(std::move(topology))
    , m_spec(std::move(spec))
    , m_options(std::move(options))
    , m_deadline(new QTimer(this)) {
    m_options.record = false;
    m_options.runDirectory.clear(); // a fresh directory (and fresh databases) per measurement
    m_deadline->setSingleShot(true);
    m_targets = m_spec.targets.isEmpty() ? defaultTargets(m_topology) : m_spec.targets;
}

ChaosRun::~ChaosRun() {
    delete m_orchestrator; // kills what still runs
}

QStringList ChaosRun::defaultTargets(const TopologyData &topology) {
    static const QList<NodeKind> kinds{NodeKind::Dns, NodeKind::LoadBalancer, NodeKind::Server,
                                       NodeKind::Web, NodeKind::App,          NodeKind::Database};
    QStringList targets;
    for (const Node &n : topology.nodes()) {
        if (kinds.contains(n.kind))
            targets.append(n.id);
    }
    return targets;
}

void ChaosRun::start() {
    m_index = -1;
    m_rows.clear();
    m_cancelled = false;
    nextTarget();
}

void ChaosRun::cancel() {
    m_cancelled = true;
    if (m_orchestrator)
        stopTarget();
}

void ChaosRun::nextTarget() {
    if (m_orchestrator) {
        m_orchestrator->disconnect(this);
        m_orchestrator->deleteLater();
        m_orchestrator = nullptr;
    }
    ++m_index;
    if (m_cancelled || m_index >= m_targets.size()) {
        emit finished(m_rows);
        return;
    }
    startTarget();
}

void ChaosRun::startTarget() {
    const QString target = m_targets.at(m_index);
    m_row = ChaosRow{target, -1, -1};
    emit measuring(target);
    m_orchestrator = new Orchestrator(this);
    m_orchestrator->setOptions(m_options);
    connect(m_orchestrator, &Orchestrator::started, this, &ChaosRun::onStarted);
    connect(m_orchestrator, &Orchestrator::startFailed, this, [this](const QString &why) {
        m_deadline->stop();
        emit problem(QStringLiteral("%1: the topology did not start: %2").arg(m_row.node, why));
        m_rows.append(m_row);
        emit measured(m_row);
        nextTarget();
    });
    connect(m_orchestrator, &Orchestrator::stopped, this, [this] {
        m_deadline->stop();
        nextTarget();
    });
    m_deadline->disconnect(this);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        emit problem(QStringLiteral("%1: the topology did not start: not ready within %2 s")
                         .arg(m_row.node)
                         .arg(kStartTimeoutMs / 1000));
        m_rows.append(m_row);
        emit measured(m_row);
        stopTarget();
    });
    QString error;
    if (!m_orchestrator->start(m_topology, &error)) {
        emit problem(QStringLiteral("%1: the topology did not start: %2").arg(target, error));
        m_rows.append(m_row);
        emit measured(m_row);
        QTimer::singleShot(0, this, &ChaosRun::nextTarget);
        return;
    }
    m_deadline->start(kStartTimeoutMs);
}

void ChaosRun::onStarted() {
    m_deadline->stop();
    const NodeInfo lb = m_orchestrator->node(firstOfKind(m_topology, NodeKind::LoadBalancer));
    // A first write makes the guestbook table before anything fails.
    auto *setup =
        new HttpProbe(lb.address, lb.port, request(true, m_spec.host), kSetupTimeoutMs, this);
    connect(setup, &HttpProbe::done, this, [this](bool) { killTargets(); });
}

void ChaosRun::killTargets() {
    if (m_cancelled || !m_orchestrator)
        return;
    QStringList victims{m_row.node};
    const Node *target = m_topology.node(m_row.node);
    if (target && target->kind == NodeKind::Server) {
        victims.clear();
        for (const NodeInfo &n : m_orchestrator->nodes()) {
            const Node *m = m_topology.node(n.node);
            if (m && m->parent == m_row.node)
                victims.append(n.node);
        }
    }
    QString error;
    for (const QString &v : std::as_const(victims))
        m_orchestrator->inject(Fault{FaultKind::Kill, v, {}, 0, 0.0}, &error);
    m_reads = m_readOk = m_writes = m_writeOk = 0;
    m_probe = 0;
    m_clock.start();
    probeNext();
}

// Reads and writes in pairs, so a round-robin balancer sends each kind to every server.
void ChaosRun::probeNext() {
    if (m_cancelled || !m_orchestrator)
        return;
    if (m_probe == 0 && m_clock.elapsed() >= qint64(m_spec.seconds) * 1000) {
        m_row.read = m_reads ? double(m_readOk) / m_reads : 0;
        m_row.write = m_writes ? double(m_writeOk) / m_writes : 0;
        m_rows.append(m_row);
        emit measured(m_row);
        stopTarget();
        return;
    }
    sendProbe(m_probe < 2 ? Probe::Read : Probe::Write);
}

// A new visitor resolves the name first (an existing one would still have it cached for the
// record's TTL): a probe counts only if the DNS server answered.
void ChaosRun::sendProbe(Probe kind) {
    const NodeInfo lb = m_orchestrator->node(firstOfKind(m_topology, NodeKind::LoadBalancer));
    auto exchange = [this, kind, lb] {
        auto *probe = new HttpProbe(lb.address, lb.port, request(kind == Probe::Write, m_spec.host),
                                    kProbeTimeoutMs, this);
        connect(probe, &HttpProbe::done, this, [this, kind](bool ok) { onProbe(kind, ok); });
    };
    const QString dnsId = firstOfKind(m_topology, NodeKind::Dns);
    if (dnsId.isEmpty()) {
        exchange(); // no DNS in the design: clients use the address directly
        return;
    }
    const NodeInfo dns = m_orchestrator->node(dnsId);
    auto *resolver = new DnsResolver(this);
    auto *guard = new QTimer(resolver);
    guard->setSingleShot(true);
    connect(guard, &QTimer::timeout, this, [this, kind, resolver] {
        resolver->disconnect(this);
        resolver->deleteLater();
        onProbe(kind, false);
    });
    connect(resolver, &DnsResolver::resolved, this,
            [this, kind, resolver, guard, exchange](const dns::Response &r, qint64) {
                guard->stop();
                resolver->deleteLater();
                resolver->disconnect(this);
                if (r.rcode == 0 && !r.answers.isEmpty())
                    exchange();
                else
                    onProbe(kind, false);
            });
    connect(resolver, &DnsResolver::failed, this, [this, kind, resolver, guard](const QString &) {
        guard->stop();
        resolver->deleteLater();
        resolver->disconnect(this);
        onProbe(kind, false);
    });
    guard->start(kProbeTimeoutMs);
    resolver->resolve(dns.address, dns.port, m_spec.host, dns::TypeA);
}

void ChaosRun::onProbe(Probe kind, bool ok) {
    if (kind == Probe::Read) {
        ++m_reads;
        m_readOk += ok;
    } else {
        ++m_writes;
        m_writeOk += ok;
    }
    m_probe = (m_probe + 1) % 4;
    probeNext();
}

void ChaosRun::stopTarget() {
    if (!m_orchestrator)
        return;
    const RuntimeState s = m_orchestrator->state();
    if (s != RuntimeState::Starting && s != RuntimeState::Running) {
        if (s != RuntimeState::Stopping)
            QTimer::singleShot(0, this, &ChaosRun::nextTarget);
        return;
    }
    m_deadline->disconnect(this);
    connect(m_deadline, &QTimer::timeout, this, &ChaosRun::nextTarget);
    m_deadline->start(kStopTimeoutMs);
    m_orchestrator->stop();
}

} // namespace infrastage::runtime
