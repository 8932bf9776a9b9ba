#include "chaosrun.h"

#include "chaosprobe.h"
#include "internetlinks.h"
#include "tlsmaterial.h"
#include "viptakeover.h"

#include "analysis/analysiscontext.h"
#include "analysis/internetpaths.h"

#include <QTimer>

#include <memory>

namespace infrastage::runtime {

namespace {

constexpr int kStartTimeoutMs = 20000;
constexpr int kStopTimeoutMs = 10000;
constexpr int kProbeTimeoutMs = 2000; // DNS, TLS handshake and answer
constexpr int kSetupTimeoutMs = 2000;
constexpr int kReactionMarginMs = 500; // to see a failure and act on it, beyond its timeout

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
    QStringList targets;
    for (const Node &n : topology.nodes()) {
        if (refusal(topology, n.id).isEmpty())
            targets.append(n.id);
    }
    const AnalysisContext context(topology);
    targets += InternetPaths(context).links();
    return targets;
}

QStringList ChaosRun::linksCutBy(const TopologyData &topology, const QString &target) {
    if (topology.link(target))
        return {target};
    const Node *n = topology.node(target);
    if (!n || n->kind != NodeKind::Firewall || !n->parent.isEmpty())
        return {};
    QStringList through;
    const AnalysisContext context(topology);
    for (const QString &id : InternetPaths(context).links()) {
        const Link *l = topology.link(id);
        if (l->from == target || l->to == target)
            through.append(id);
    }
    return through;
}

QString ChaosRun::refusal(const TopologyData &topology, const QString &target) {
    static const QList<NodeKind> kinds{NodeKind::Dns, NodeKind::LoadBalancer, NodeKind::Server,
                                       NodeKind::Web, NodeKind::App,          NodeKind::Database};
    if (topology.link(target))
        return QString(); // a link is cut (the orchestrator says when it cannot be)
    const Node *n = topology.node(target);
    if (!n)
        return QStringLiteral("no node or link '%1'").arg(target);
    if (kinds.contains(n->kind) || !linksCutBy(topology, target).isEmpty())
        return QString();
    return QStringLiteral("%1 is a %2 that runs no process of its own and is not a firewall on "
                          "a way in from the internet: chaos cannot fail it")
        .arg(target, nodeKindLabel(n->kind));
}

int ChaosRun::settleTime(const TopologyData &topology, const QString &target) {
    QList<const Node *> failed;
    if (const Node *n = topology.node(target)) {
        failed = topology.children(n->id);
        failed.prepend(n);
    } else if (const Link *l = topology.link(target)) {
        if (InternetLinks::find(topology, l->id, {}))
            return 0; // nothing in the design routes around a cut internet link
        for (const QString &end : {l->from, l->to}) {
            if (const Node *n = topology.node(end))
                failed.append(n);
        }
    }
    int healthChecks = 0; // until every load balancer has seen a dead backend fail `fall` times
    for (const Node &n : topology.nodes()) {
        if (n.kind == NodeKind::LoadBalancer)
            healthChecks = qMax(healthChecks, int(n.number(QStringLiteral("check_fall")) *
                                                  n.number(QStringLiteral("check_inter"))));
    }
    int ms = 0;
    for (const Node *n : std::as_const(failed)) {
        if (n->kind == NodeKind::Web || n->kind == NodeKind::App || n->kind == NodeKind::Database)
            ms = qMax(ms, healthChecks + kReactionMarginMs);
        if (n->kind == NodeKind::Database && n->flag(QStringLiteral("auto_failover")) &&
            n->text(QStringLiteral("role")) == QLatin1String("primary"))
            ms = qMax(ms, int(n->number(QStringLiteral("failover_timeout"))) + kReactionMarginMs);
        if (n->kind == NodeKind::LoadBalancer && !n->text(QStringLiteral("vip")).isEmpty()) {
            // keepalived: three adverts missed, plus the skew (at most one interval).
            const qint64 advert = n->number(QStringLiteral("advert_int"));
            ms = qMax(ms, int(4 * (advert > 0 ? advert : 1000)) + kReactionMarginMs);
        }
    }
    return ms;
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
    m_settleMs = m_spec.settleMs >= 0 ? m_spec.settleMs : settleTime(m_topology, target);
    m_row = ChaosRow();
    m_row.node = target;
    m_row.failure =
        linksCutBy(m_topology, target).isEmpty() ? ChaosFailure::Kill : ChaosFailure::Cut;
    m_row.settleMs = m_settleMs;
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
    m_trusted =
        QSslCertificate::fromPath(TlsMaterial::certificatePath(m_orchestrator->runDirectory()));
    // A first write makes the guestbook table before anything fails.
    auto *setup =
        new ChaosProbe(*m_orchestrator, m_spec.host, true, m_trusted, kSetupTimeoutMs, this);
    connect(setup, &ChaosProbe::done, this, [this](bool, const QString &) { killTargets(); });
    setup->start();
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
    // A link, or a standalone firewall (it runs no process: failed, it forwards nothing, as if
    // every internet link through it were cut).
    const QStringList cuts = linksCutBy(m_topology, m_row.node);
    for (const QString &id : cuts) {
        // A link between the internet and an entry point (by its id: two ISP links may join
        // the same nodes), or between two processes.
        const Link *l = m_topology.link(id);
        const bool internet = InternetLinks::find(m_topology, l->id, {}) != nullptr;
        const Fault cut{FaultKind::Cut, internet ? l->id : l->from, internet ? QString() : l->to, 0,
                        0.0};
        if (!m_orchestrator->inject(cut, &error))
            emit problem(QStringLiteral("%1: %2").arg(m_row.node, error));
    }
    if (!cuts.isEmpty())
        victims.clear();
    QStringList killed;
    for (const QString &v : std::as_const(victims)) {
        if (!m_orchestrator->inject(Fault{FaultKind::Kill, v, {}, 0, 0.0}, &error)) {
            // Not failed: what the probes would measure is the design intact. No figures.
            emit problem(QStringLiteral("%1: not measured, %2").arg(m_row.node, error));
            m_rows.append(m_row);
            emit measured(m_row);
            stopTarget();
            return;
        }
        killed.append(v);
    }
    afterExits(killed);
}

// A process killed is gone only once the orchestrator reaped it; probes start then, not while
// a machine too busy to run its exit still holds its sockets.
void ChaosRun::afterExits(const QStringList &killed) {
    auto alive = std::make_shared<QStringList>();
    for (const NodeInfo &n : m_orchestrator->nodes()) {
        if (killed.contains(n.node) && n.state != NodeState::Failed &&
            n.state != NodeState::Stopped)
            alive->append(n.node);
    }
    if (alive->isEmpty()) {
        failed();
        return;
    }
    // Holds the two connections below; deleted with them, or with this target's orchestrator.
    auto *gone = new QObject(m_orchestrator);
    auto proceed = [this, gone, done = std::make_shared<bool>(false)] {
        if (std::exchange(*done, true))
            return;
        gone->deleteLater();
        failed();
    };
    connect(m_orchestrator, &Orchestrator::nodeStateChanged, gone,
            [alive, proceed](const QString &node, NodeState state) {
                if (state == NodeState::Failed || state == NodeState::Stopped)
                    alive->removeAll(node);
                if (alive->isEmpty())
                    proceed();
            });
    QTimer::singleShot(kStopTimeoutMs, gone, [this, alive, proceed] {
        emit problem(QStringLiteral("%1: %2 still running %3 s after being killed")
                         .arg(m_row.node, alive->join(QStringLiteral(", ")))
                         .arg(kStopTimeoutMs / 1000));
        proceed();
    });
}

void ChaosRun::failed() {
    if (m_cancelled || !m_orchestrator)
        return;
    if (VipTakeover::moves(*m_orchestrator, m_row.node)) {
        // A load balancer pair: measured once the BACKUP holds the VIP (the gap is benchmarked).
        auto *takeover = new VipTakeover(m_orchestrator, m_row.node, m_orchestrator);
        connect(takeover, &VipTakeover::finished, this, [this](bool, const QString &text) {
            emit problem(text);
            beginProbing();
        });
        takeover->start();
        return;
    }
    beginProbing();
}

void ChaosRun::beginProbing() {
    if (m_cancelled || !m_orchestrator)
        return;
    m_reads = m_readOk = m_writes = m_writeOk = 0;
    m_probe = 0;
    m_clock.start();
    probeNext();
}

// Reads and writes in pairs, so a round-robin balancer sends each kind to every server.
void ChaosRun::probeNext() {
    if (m_cancelled || !m_orchestrator)
        return;
    if (m_probe == 0 && m_clock.elapsed() >= m_settleMs + qint64(m_spec.seconds) * 1000) {
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
    auto *probe = new ChaosProbe(*m_orchestrator, m_spec.host, kind == Probe::Write, m_trusted,
                                 kProbeTimeoutMs, this);
    const bool counted = m_clock.elapsed() >= m_settleMs;
    connect(probe, &ChaosProbe::done, this, [this, kind, counted](bool ok, const QString &why) {
        onProbe(kind, ok, counted, why);
    });
    probe->start();
}

void ChaosRun::onProbe(Probe kind, bool ok, bool counted, const QString &why) {
    if (counted && kind == Probe::Read) {
        ++m_reads;
        m_readOk += ok;
        if (!ok)
            m_row.readError = why;
    } else if (counted) {
        ++m_writes;
        m_writeOk += ok;
        if (!ok)
            m_row.writeError = why;
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
