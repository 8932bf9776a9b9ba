#include "loaddriver.h"

#include "dnsresolver.h"
#include "orchestrator.h"
#include "tlsmaterial.h"

#include "events/eventkind.h"

#include <QTimer>

namespace infrastage::runtime {

LoadDriver::LoadDriver(Orchestrator *orchestrator, LoadSpec spec, QObject *parent)
    : QObject(parent)
    , m_orchestrator(orchestrator)
    , m_spec(std::move(spec))
    , m_snapshotTimer(new QTimer(this)) {
    connect(orchestrator, &Orchestrator::event, this, &LoadDriver::onEvent);
    connect(m_snapshotTimer, &QTimer::timeout, this, [this] {
        if (m_load)
            emit snapshot(m_window.take(double(m_load->sinceStartNs()) / 1e9));
    });
}

void LoadDriver::onEvent(const RuntimeEvent &e) {
    if (e.kind == EventKind::LbHealth || e.kind == EventKind::VrrpState ||
        e.kind == EventKind::MonitorAlert)
        m_events.append(e);
    m_window.addEvent(e);
}

bool LoadDriver::begin(QString *error) {
    if (!SiteUrl::parse(m_spec.url, &m_url, error))
        return false;
    const Endpoint *dns = dnsServerFor(*m_orchestrator, m_url.host);
    if (!dns) {
        QTimer::singleShot(0, this, &LoadDriver::useFallbackTarget);
        return true;
    }
    auto *resolver = new DnsResolver(this);
    connect(resolver, &DnsResolver::resolved, this, [this](const dns::Response &r, qint64) {
        QString answer;
        for (const dns::ResourceRecord &rr : r.answers) {
            if (rr.type == dns::TypeA)
                answer = rr.valueText();
        }
        bool upgraded = false;
        const Endpoint *e = siteEndpoint(*m_orchestrator, answer, &m_url, &upgraded);
        if (!e) {
            fail(QStringLiteral("%1 resolves to '%2' (%3), which no node listens on")
                     .arg(QString::fromLatin1(m_url.host), answer, dns::rcodeName(r.rcode)));
            return;
        }
        // A browser sent to HTTPS goes there from then on (HSTS): so does the load.
        if (upgraded)
            emit notice(QStringLiteral("%1 redirects HTTP to HTTPS; the load goes to https://%2%3")
                            .arg(e->node, QString::fromLatin1(m_url.hostHeader()),
                                 QString::fromLatin1(m_url.path)));
        drive(e->address, m_url.https ? e->tlsPort : e->port);
    });
    connect(resolver, &DnsResolver::failed, this,
            [this](const QString &why) { fail(QStringLiteral("DNS: %1").arg(why)); });
    resolver->resolve(dns->address, dns->port, m_url.host, dns::TypeA);
    return true;
}

void LoadDriver::useFallbackTarget() {
    for (const char *role : {"lb", "web"}) {
        for (const Endpoint &e : m_orchestrator->plan().endpoints()) {
            if (e.role == QLatin1String(role)) {
                drive(e.address, e.port);
                return;
            }
        }
    }
    fail(QStringLiteral("the design has no load balancer or web server to send requests to"));
}

void LoadDriver::drive(const QString &address, int port) {
    if (m_done)
        return;
    LoadGenerator::Options lo;
    lo.address = address;
    lo.port = port;
    lo.host = m_url.host;
    lo.path = m_url.path;
    if (m_url.https) {
        lo.trusted =
            QSslCertificate::fromPath(TlsMaterial::certificatePath(m_orchestrator->runDirectory()));
        lo.tlsPeerName = QString::fromLatin1(m_url.host);
    }
    lo.requests = m_spec.requests;
    lo.untilStopped = m_spec.requests <= 0;
    lo.concurrency = m_spec.concurrency;
    lo.rate = m_spec.rate;
    m_load = new LoadGenerator(lo, this);
    connect(m_load, &LoadGenerator::completed, this, [this](const LoadGenerator::Result &r) {
        m_tally.add(r);
        if (m_spec.snapshotMs > 0) // else nobody takes the window: it would only grow
            m_window.add(r);
    });
    connect(m_load, &LoadGenerator::finished, this, [this] {
        m_snapshotTimer->stop();
        // Let the last health transitions and events arrive before reporting.
        QTimer::singleShot(300, this, [this] { report(); });
    });
    m_loadStartNs = RuntimeEvent::nowNs();
    for (const Fault &f : std::as_const(m_spec.faults)) {
        QTimer::singleShot(int(f.at * 1000), Qt::PreciseTimer, this, [this, f] {
            if (m_done)
                return;
            QString error;
            const bool ok = m_orchestrator->inject(f, &error);
            m_faults.append({double(RuntimeEvent::nowNs() - m_loadStartNs) / 1e9, f.describe(),
                             ok ? QString() : error});
        });
    }
    m_load->start();
    if (m_spec.snapshotMs > 0)
        m_snapshotTimer->start(m_spec.snapshotMs);
    if (m_stopRequested)
        m_load->stop();
}

void LoadDriver::stop() {
    m_stopRequested = true;
    if (m_load)
        m_load->stop();
}

void LoadDriver::report() {
    if (m_done)
        return;
    m_done = true;
    if (m_spec.snapshotMs > 0)
        emit snapshot(m_window.take(double(m_load->elapsedNs()) / 1e9));
    RunReport report(m_tally, m_load->elapsedNs(), m_events, m_loadStartNs, m_faults);
    // Every backend of the design, so that a standby that served nothing shows as 0.
    const TopologyData &t = m_orchestrator->topology();
    QStringList servers, backups;
    for (const Link &l : t.links()) {
        const Node *target = t.node(l.to);
        const Node *host = target ? t.host(*target) : nullptr;
        if (l.kind != LinkKind::Backend || !host)
            continue;
        if (!servers.contains(host->id))
            servers.append(host->id);
        if (l.flag(QStringLiteral("backup")) && !backups.contains(host->id))
            backups.append(host->id);
    }
    report.setBackends(servers, backups);
    emit finished(report);
}

void LoadDriver::fail(const QString &error) {
    if (m_done)
        return;
    m_done = true;
    m_snapshotTimer->stop();
    emit failed(error);
}

} // namespace infrastage::runtime
